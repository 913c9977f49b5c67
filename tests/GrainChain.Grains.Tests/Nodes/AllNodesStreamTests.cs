using System.Threading.Channels;
using GrainChain.Abstractions.Nodes;
using GrainChain.Hosting;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;

namespace GrainChain.Grains.Tests.Nodes;

/// <summary>
/// The all-nodes stream: one <see cref="NodeTipEvent"/> per move of a node's tip, and none for transactions. Watched
/// from a silo's own client (the test cluster's client has no stream provider), as the gateway watches it.
/// </summary>
[Collection(NodeClusterCollection.Name)]
public sealed class AllNodesStreamTests(NodeClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private async Task<INodeGrain> NewNodeAsync(KeyPair miner)
    {
        var node = fixture.Client.GetGrain<INodeGrain>("all-" + Guid.NewGuid().ToString("N")[..12]);
        await node.CreateAsync(new NodeSettings("test", miner.Address));
        return node;
    }

    /// <summary>The tip events of the given nodes, in the order they arrive (the collection's other nodes are left out).</summary>
    private sealed class TipWatcher : IAsyncDisposable
    {
        private readonly Channel<NodeTipEvent> _events = Channel.CreateUnbounded<NodeTipEvent>();
        private StreamSubscriptionHandle<NodeTipEvent>? _handle;

        public static async Task<TipWatcher> StartAsync(NodeClusterFixture fixture, params INodeGrain[] nodes)
        {
            var names = nodes.Select(n => n.GetPrimaryKeyString()).ToHashSet();
            var watcher = new TipWatcher();
            var client = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IClusterClient>();
            var stream = client.GetStreamProvider(NodeStreams.EventsProviderName)
                .GetStream<NodeTipEvent>(NodeStreamIds.AllNodes);
            watcher._handle = await stream.SubscribeAsync((tip, _) =>
            {
                if (names.Contains(tip.Node)) watcher._events.Writer.TryWrite(tip);
                return Task.CompletedTask;
            });
            return watcher;
        }

        public async Task<NodeTipEvent> NextAsync()
        {
            using var deadline = new CancellationTokenSource(Patience);
            return await _events.Reader.ReadAsync(deadline.Token);
        }

        public async ValueTask DisposeAsync()
        {
            if (_handle is not null) await _handle.UnsubscribeAsync();
        }
    }

    [Fact]
    public async Task Each_mined_block_is_one_tip_event_and_a_transaction_is_none()
    {
        using var miner = KeyPair.Generate();
        using var friend = KeyPair.Generate();
        var node = await NewNodeAsync(miner);
        await using var watcher = await TipWatcher.StartAsync(fixture, node);

        var first = (await node.MineAsync(1))[0];
        var mined = await watcher.NextAsync();
        Assert.Equal(new NodeTipEvent(node.GetPrimaryKeyString(), first.Hash, 1, mined.CumulativeWork, first.Transactions, 1, 0), mined);

        // Published before the next block: had the transaction made an event, it would be read first.
        var transfer = TransactionSigner.Sign(
            Transaction.CreateTransfer(ChainParams.Test.ChainId, miner.PublicKey, friend.Address, new Amount(Amount.UnitsPerCoin), new Amount(10_000), 0),
            miner);
        Assert.True((await node.SubmitTransactionAsync(transfer)).Accepted);
        var second = (await node.MineAsync(1))[0];
        var next = await watcher.NextAsync();
        Assert.Equal(second.Hash, next.TipHash);
        Assert.Equal(2, next.Height);
        Assert.Equal(2, next.Transactions);
    }

    [Fact]
    public async Task A_reorganisation_is_one_event_that_counts_the_blocks_that_left_and_joined()
    {
        using var minerA = KeyPair.Generate();
        using var minerB = KeyPair.Generate();
        var (a, b) = (await NewNodeAsync(minerA), await NewNodeAsync(minerB));
        await using var watcher = await TipWatcher.StartAsync(fixture, a);
        await a.MineAsync(1);
        Assert.Equal(1, (await watcher.NextAsync()).Height);
        await b.MineAsync(2);

        var heavier = await b.GetChainAsync(1, 2);
        await fixture.Client.GetGrain<IChainGrain>(a.GetPrimaryKeyString()).SubmitBlocksAsync(heavier.Blocks);

        var moved = await watcher.NextAsync();
        Assert.Equal(heavier.Blocks[^1].Hash, moved.TipHash);
        Assert.Equal(2, moved.Height);
        Assert.Equal(2, moved.Connected);
        Assert.Equal(1, moved.Disconnected);
    }
}
