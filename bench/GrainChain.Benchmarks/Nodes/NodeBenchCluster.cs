using System.Security.Cryptography;
using GrainChain.Abstractions.Nodes;
using GrainChain.Grains;
using GrainChain.Hosting;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;

namespace GrainChain.Benchmarks.Nodes;

/// <summary>
/// The two-silo in-process cluster the node suites run on: the ledger grains on the memory backend, as the grain
/// tests set them up, with every node placed on a chosen silo. Silo 0 (<see cref="Home"/>, the only gateway) holds
/// the nodes that mine and serve blocks; silo 1 (<see cref="Other"/>) holds the nodes that receive them, so the
/// blocks cross the silo boundary and, when they were mined for the measurement, are new to the receiving silo's
/// shared block tree (full validation: proof of work, merkle root, coinbase, signatures, then the state rules).
/// </summary>
internal sealed class NodeBenchCluster : IAsyncDisposable
{
    /// <summary>Where a benchmark node's coinbase goes unless it is given its own miner; the suites never spend it.</summary>
    public static readonly Address Miner = new(Enumerable.Repeat((byte)0xB3, Address.Size).ToArray());

    /// <summary>Every node is on the trivial-difficulty test chain: about one hash in two meets its bits.</summary>
    public static readonly NodeSettings Settings = new("test", Miner);

    /// <summary>Long enough for a resolve of a few thousand blocks on a busy 2-core machine.</summary>
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromMinutes(3);

    /// <summary>MineAsync takes at most 1,000 blocks per call; 500 keeps each call's answer small.</summary>
    private const int MinePerCall = 500;

    /// <summary>The most blocks one <c>GetChainAsync</c> page holds.</summary>
    private const int PageSize = 500;

    /// <summary>Where the benchmark transfers go; nothing spends them.</summary>
    public static readonly Address Payee = new(Enumerable.Repeat((byte)0xC4, Address.Size).ToArray());

    /// <summary>Each benchmark transfer moves this much, for <see cref="TransferFee"/>; a block reward pays for hundreds.</summary>
    public static readonly Amount TransferAmount = new(1_000);

    public static readonly Amount TransferFee = new(10_000);

    private readonly InProcessTestCluster _cluster;
    private int _nextName;

    private NodeBenchCluster(InProcessTestCluster cluster) => _cluster = cluster;

    public IClusterClient Client => _cluster.Client;

    /// <summary>The gateway silo: mining and serving nodes live here.</summary>
    public SiloAddress Home => _cluster.Silos[0].SiloAddress;

    /// <summary>The second silo: receiving nodes live here.</summary>
    public SiloAddress Other => _cluster.Silos[1].SiloAddress;

    public static async Task<NodeBenchCluster> StartAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        // Log files would put disk writes into the measurement.
        builder.Options.ConfigureFileLogging = false;
        // One gateway: every client call takes the same path (client -> silo 0 -> the node's silo).
        builder.Options.GatewayPerSilo = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddGrainChainStorage(o => o.Backend = GrainChainBackend.Memory).AddGrainChainGrains();
            silo.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        });
        builder.ConfigureClient(client => client.Services.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new NodeBenchCluster(cluster);
    }

    /// <summary>A name no node of this cluster has had: acceptance is idempotent per node, so each measurement needs its own.</summary>
    public string NewName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _nextName)}";

    /// <summary>
    /// Creates a node on the test chain, activated on <paramref name="silo"/> by Orleans' placement hint (honoured by
    /// the built-in placement directors on the activating call); a node placed elsewhere fails the setup. The node's
    /// chain grain (<c>PreferLocalPlacement</c>, first called by the node grain) is checked to be there too.
    /// <paramref name="settings"/> defaults to <see cref="Settings"/>.
    /// </summary>
    public async Task<INodeGrain> CreateNodeAsync(string name, SiloAddress silo, NodeSettings? settings = null)
    {
        var node = Client.GetGrain<INodeGrain>(name);
        await WithPlacementHintAsync(silo, () => node.CreateAsync(settings ?? Settings));
        await CheckPlacementAsync(node, $"node '{name}'", silo);
        await CheckPlacementAsync(ChainOf(node), $"the chain of node '{name}'", silo);
        return node;
    }

    /// <summary>
    /// Settings with a miner address of their own: nodes mining from genesis with the same miner in the same second
    /// would find the very same blocks, and a silo's shared block tree would then hold one node's blocks before the
    /// measurement gives them to another.
    /// </summary>
    public static NodeSettings UniqueMinerSettings() => Settings with { Miner = new Address(RandomNumberGenerator.GetBytes(Address.Size)) };

    /// <summary>The chain grain of <paramref name="node"/> (same key).</summary>
    public IChainGrain ChainOf(INodeGrain node) => Client.GetGrain<IChainGrain>(node.GetPrimaryKeyString());

    /// <summary>
    /// The consensus grain of node <paramref name="name"/>, activated on <paramref name="silo"/> (by a resolve against
    /// no peer), with its link to <paramref name="peer"/> activated there too but not started: the link neither
    /// follows the peer's announcements nor catches up with it, so the resolves the suites measure
    /// (<c>IConsensusGrain.ResolveAsync([peer])</c>, what <c>INodeGrain.ResolveAsync</c> forwards to without the node
    /// grain's hop) find all the work still to do. (Adding the peer to the node would start the link, whose catch-up
    /// downloads the peer's chain on its own right away.)
    /// </summary>
    public async Task<IConsensusGrain> PrepareResolverAsync(string name, string peer, SiloAddress silo)
    {
        var consensus = Client.GetGrain<IConsensusGrain>(name);
        var link = Client.GetGrain<IPeerGrain>(NodeNames.LinkKey(name, peer));
        var noop = await WithPlacementHintAsync(silo, () => consensus.ResolveAsync([]));
        if (noop.Replaced || noop.Connected != 0)
            throw new InvalidOperationException($"the resolve of node '{name}' against no peer did something: {noop}");
        var status = await WithPlacementHintAsync(silo, () => link.GetStatusAsync());
        if (status.Following) throw new InvalidOperationException($"the link {NodeNames.LinkKey(name, peer)} is following its peer");
        await CheckPlacementAsync(consensus, $"the consensus of node '{name}'", silo);
        await CheckPlacementAsync(link, $"the link {NodeNames.LinkKey(name, peer)}", silo);
        return consensus;
    }

    /// <summary>Mines <paramref name="blocks"/> blocks on <paramref name="node"/> and checks it reached that height.</summary>
    public static async Task MineAsync(INodeGrain node, int blocks)
    {
        var before = (await node.GetTipAsync()).Height;
        for (var mined = 0; mined < blocks; mined += MinePerCall)
            await node.MineAsync(Math.Min(MinePerCall, blocks - mined));
        var tip = await node.GetTipAsync();
        if (tip.Height != before + blocks)
            throw new InvalidOperationException($"node '{tip.Node}' is at height {tip.Height} after mining {blocks} blocks from {before}");
    }

    /// <summary>
    /// Mines <paramref name="blocks"/> blocks on <paramref name="node"/>, each carrying <paramref name="transfersPerBlock"/>
    /// signed transfers from <paramref name="key"/> to <see cref="Payee"/>: before each block the transfers are offered
    /// to the node's mempool in one call (a block takes everything pending, and a sender may have 64 pending), then
    /// the node mines one block, which must hold them all. <paramref name="key"/> must already hold funds on the node.
    /// </summary>
    public async Task MineWithTransfersAsync(INodeGrain node, KeyPair key, int blocks, int transfersPerBlock)
    {
        var chain = ChainOf(node);
        var nonce = (await node.GetAccountAsync(key.Address)).NextNonce;
        var transfers = new Transaction[transfersPerBlock];
        for (var b = 0; b < blocks; b++)
        {
            for (var t = 0; t < transfersPerBlock; t++)
                transfers[t] = TransactionSigner.Sign(
                    Transaction.CreateTransfer(ChainParams.Test.ChainId, key.PublicKey, Payee, TransferAmount, TransferFee, nonce++), key);
            var submissions = await chain.SubmitTransactionsAsync(transfers);
            if (submissions.FirstOrDefault(s => !s.Accepted) is { } refused)
                throw new InvalidOperationException($"the source refused a transfer: {refused.Reason}: {refused.Message}");
            var mined = await node.MineAsync(1);
            if (mined[0].Transactions != transfersPerBlock + 1)
                throw new InvalidOperationException($"block {mined[0].Height} holds {mined[0].Transactions} transactions, not {transfersPerBlock + 1}");
        }
    }

    /// <summary>Blocks <paramref name="fromHeight"/> to <paramref name="fromHeight"/> + <paramref name="count"/> - 1 of the node's best chain, fetched in pages.</summary>
    public static async Task<Block[]> FetchAsync(INodeGrain node, long fromHeight, int count)
    {
        var blocks = new List<Block>(count);
        while (blocks.Count < count)
        {
            var page = await node.GetChainAsync(fromHeight + blocks.Count, Math.Min(PageSize, count - blocks.Count));
            if (page.Blocks.IsDefaultOrEmpty)
                throw new InvalidOperationException($"the chain ends at height {page.Length - 1}, before height {fromHeight + count - 1}");
            blocks.AddRange(page.Blocks);
        }

        return [.. blocks];
    }

    /// <summary>Checks that a batch of <paramref name="blocks"/> blocks all joined a chain that started at genesis.</summary>
    public static BlockBatchResult CheckBatch(BlockBatchResult result, int blocks, long height)
    {
        if (result.InvalidBlock is not null || result.Connected != blocks || result.Duplicates != 0 || result.Disconnected != 0 || result.Height != height)
            throw new InvalidOperationException(
                $"expected {blocks} blocks connected up to height {height}, got {result.Connected} connected, {result.Duplicates} duplicates, " +
                $"{result.Disconnected} disconnected, height {result.Height}, invalid {result.InvalidBlock}: {result.InvalidReason} {result.InvalidMessage}");
        return result;
    }

    /// <summary>Checks that a resolve from genesis took exactly <paramref name="blocks"/> blocks from its peer.</summary>
    public static ResolveResult CheckResolve(ResolveResult result, int blocks)
    {
        if (!result.Replaced || result.Connected != blocks || result.Height != blocks || !result.PeerErrors.IsDefaultOrEmpty)
            throw new InvalidOperationException(
                $"expected {blocks} blocks connected, got {result.Connected} (height {result.Height}, replaced {result.Replaced}, " +
                $"errors: {string.Join("; ", result.PeerErrors.Select(e => $"{e.Peer}: {e.Error}"))})");
        return result;
    }

    /// <summary>Runs <paramref name="call"/> with Orleans' placement hint set to <paramref name="silo"/> (async-local: it does not leak into the caller).</summary>
    private static async Task<T> WithPlacementHintAsync<T>(SiloAddress silo, Func<Task<T>> call)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            return await call();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    private async Task CheckPlacementAsync(IAddressable grain, string what, SiloAddress silo)
    {
        var actual = await Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        if (actual is null || !actual.Equals(silo))
            throw new InvalidOperationException($"{what} was placed on {actual?.ToString() ?? "no silo"}, not on {silo}");
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();
}
