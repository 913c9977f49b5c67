using GrainChain.Abstractions.Nodes;
using GrainChain.Hosting;
using GrainChain.Grains.Chains;
using GrainChain.Hosting.Blocks;
using GrainChain.Hosting.Pending;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Tests.Chain;
using Microsoft.Extensions.DependencyInjection;
using GrainChain.Hosting.Tests.Infrastructure;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;
using GrainChain.Hosting.TestSilo.Harness;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace GrainChain.Grains.Tests.Nodes;

/// <summary>A whole cluster stopped and started again on its database: nodes come back with chain, balances, mempool and peer links.</summary>
public sealed class NodeRestartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("grainchain-nodes-").FullName;

    private async Task<InProcessTestCluster> StartAsync(string serviceId, short silos = 2,
        GrainChainBackend backend = GrainChainBackend.Sqlite, string? postgres = null)
    {
        var file = Path.Combine(_folder, "cluster.db");
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) => silo
            .AddGrainChainStorage(o =>
            {
                o.Backend = backend;
                o.Sqlite.Path = file;
                o.Postgres.ConnectionString = postgres ?? "";
            })
            .AddGrainChainGrains());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    [Theory]
    [InlineData(GrainChainBackend.Sqlite)]
    [InlineData(GrainChainBackend.Postgres)]
    public async Task Nodes_come_back_after_a_full_cluster_restart(GrainChainBackend backend)
    {
        var postgres = backend == GrainChainBackend.Postgres ? await PostgresServer.CreateDatabaseAsync("nodes") : null;
        using var miner = KeyPair.Generate();
        using var friend = KeyPair.Generate();
        var serviceId = "restart-" + Guid.NewGuid().ToString("N")[..8];
        NodeStatus before;
        Transaction pending;
        await using (var cluster = await StartAsync(serviceId, backend: backend, postgres: postgres))
        {
            var node = cluster.Client.GetGrain<INodeGrain>("alpha");
            await node.CreateAsync(new NodeSettings("test", miner.Address));
            await node.MineAsync(4);
            pending = TransactionSigner.Sign(Transaction.CreateTransfer(ChainParams.Test.ChainId, miner.PublicKey,
                friend.Address, new Amount(2 * Amount.UnitsPerCoin), new Amount(10_000), 0), miner);
            Assert.True((await node.SubmitTransactionAsync(pending)).Accepted);
            before = await node.GetStatusAsync();
            // Beta follows alpha: its link's subscription is stored with the cluster and must outlive it.
            var follower = cluster.Client.GetGrain<INodeGrain>("beta");
            await follower.CreateAsync(new NodeSettings("test", friend.Address));
            await follower.AddPeerAsync("alpha");
            Assert.NotNull(await Poll.UntilAsync(follower.GetStatusAsync, s => s.TipHash == before.TipHash, TimeSpan.FromSeconds(15)));
        }

        await using var again = await StartAsync(serviceId, backend: backend, postgres: postgres);
        var revived = again.Client.GetGrain<INodeGrain>("alpha");

        Assert.Equal(before, await revived.GetStatusAsync());
        Assert.NotNull(await revived.GetTransactionAsync(pending.Id));
        Assert.Equal(new Amount(4 * ChainParams.Test.InitialReward.Units), (await revived.GetAccountAsync(miner.Address)).Balance);
        var next = (await revived.MineAsync(1)).Single();
        Assert.Equal(new Amount(2 * Amount.UnitsPerCoin), (await revived.GetAccountAsync(friend.Address)).Balance);
        // No one touched beta since the restart: alpha's announcement alone wakes its link and brings the block.
        var beta = again.Client.GetGrain<INodeGrain>("beta");
        Assert.NotNull(await Poll.UntilAsync(beta.GetStatusAsync, s => s.TipHash == next.Hash, TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Every_acknowledged_transfer_comes_back_and_the_rows_hold_exactly_the_mempool()
    {
        using var miner = KeyPair.Generate();
        using var sink = KeyPair.Generate();
        var spenders = Enumerable.Range(0, 8).Select(_ => KeyPair.Generate()).ToList();
        var serviceId = "rows-" + Guid.NewGuid().ToString("N")[..8];
        var pending = new List<Hash256>();
        Transaction replaced;
        Transaction replacement;
        await using (var cluster = await StartAsync(serviceId, silos: 1))
        {
            var node = cluster.Client.GetGrain<INodeGrain>("rows");
            await node.CreateAsync(new NodeSettings("test", miner.Address));
            await node.MineAsync(1);
            for (var i = 0; i < spenders.Count; i++)
                Assert.True((await node.SubmitTransactionAsync(Transfer(miner, spenders[i].Address, 5 * Amount.UnitsPerCoin, (ulong)i))).Accepted);
            await node.MineAsync(1);

            // Eight senders at once, 20 transfers each, then a block takes them all; then 20 more each, the last of
            // one sender replaced by a higher fee: the rows must end as the mempool, not as everything ever accepted.
            await SendAsync(node, spenders, sink, fromNonce: 0, count: 20);
            Assert.Equal(161, (await node.MineAsync(1)).Single().Transactions);
            pending.AddRange(await SendAsync(node, spenders, sink, fromNonce: 20, count: 20));
            // Spender 0's transfers come first, in nonce order: the 20th has nonce 39.
            replaced = (await node.GetTransactionAsync(pending[19]))!;
            Assert.Equal((spenders[0].Address, 39UL), (replaced.SenderAddress, replaced.Nonce));
            replacement = Transfer(spenders[0], sink.Address, Amount.UnitsPerCoin / 100, 39, fee: 50_000);
            var replacing = await node.SubmitTransactionAsync(replacement);
            Assert.True(replacing.Accepted, replacing.Message);
            pending.Remove(replaced.Id);
            pending.Add(replacement.Id);
            Assert.Equal(160, (await node.GetStatusAsync()).PendingTransactions);
            await AssertRowsAsync(cluster, "rows", pending);
        }

        await using var again = await StartAsync(serviceId, silos: 1);
        var revived = again.Client.GetGrain<INodeGrain>("rows");

        Assert.Equal(160, (await revived.GetStatusAsync()).PendingTransactions);
        foreach (var id in pending) Assert.NotNull(await revived.GetTransactionAsync(id));
        Assert.Null(await revived.GetTransactionAsync(replaced.Id));
        Assert.Equal(161, (await revived.MineAsync(1)).Single().Transactions);
        Assert.Equal(new Amount(320 * (Amount.UnitsPerCoin / 100)), (await revived.GetAccountAsync(sink.Address)).Balance);
        await AssertRowsAsync(again, "rows", []);
    }

    [Fact]
    public async Task Pending_transfers_an_earlier_build_kept_in_the_chain_record_and_its_journal_move_to_rows()
    {
        using var miner = KeyPair.Generate();
        using var friend = KeyPair.Generate();
        var serviceId = "legacy-" + Guid.NewGuid().ToString("N")[..8];
        await using (var cluster = await StartAsync(serviceId, silos: 1))
        {
            var node = cluster.Client.GetGrain<INodeGrain>("legacy");
            await node.CreateAsync(new NodeSettings("test", miner.Address));
            await node.MineAsync(1);
        }

        var transfers = Enumerable.Range(0, 3).Select(n => Transfer(miner, friend.Address, Amount.UnitsPerCoin, (ulong)n)).ToList();
        await using (var cluster = await StartAsync(serviceId, silos: 1))
        {
            // What an earlier build left: two transfers with the whole mempool, the third in the journal.
            var storage = cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(GrainChainOptions.StorageName);
            var chainId = GrainId.Create("chain", "legacy");
            var record = new GrainState<ChainRecord>();
            await storage.ReadStateAsync("chain", chainId, record);
            record.State!.Pending = [transfers[0], transfers[1]];
            record.State.Journalled = true;
            await storage.WriteStateAsync("chain", chainId, record);
            var journal = new GrainState<PendingJournal>(new PendingJournal { Added = [transfers[2]] });
            await storage.WriteStateAsync("chain-journal", chainId, journal);

            var node = cluster.Client.GetGrain<INodeGrain>("legacy");
            Assert.Equal(3, (await node.GetStatusAsync()).PendingTransactions);
            await AssertRowsAsync(cluster, "legacy", transfers.Select(t => t.Id));
            var after = new GrainState<ChainRecord>();
            await storage.ReadStateAsync("chain", chainId, after);
            Assert.Empty(after.State!.Pending);
            Assert.False(after.State.Journalled);
            var journalAfter = new GrainState<PendingJournal>();
            await storage.ReadStateAsync("chain-journal", chainId, journalAfter);
            Assert.False(journalAfter.RecordExists);
        }

        await using var again = await StartAsync(serviceId, silos: 1);
        var revived = again.Client.GetGrain<INodeGrain>("legacy");
        Assert.Equal(3, (await revived.GetStatusAsync()).PendingTransactions);
        Assert.Equal(4, (await revived.MineAsync(1)).Single().Transactions);
        Assert.Equal(new Amount(3 * Amount.UnitsPerCoin), (await revived.GetAccountAsync(friend.Address)).Balance);
    }

    [Fact]
    public async Task A_stored_row_that_is_not_a_transaction_or_repeats_one_is_dropped_and_the_node_still_comes_back()
    {
        using var miner = KeyPair.Generate();
        using var friend = KeyPair.Generate();
        var serviceId = "damaged-" + Guid.NewGuid().ToString("N")[..8];
        var transfers = Enumerable.Range(0, 2).Select(n => Transfer(miner, friend.Address, Amount.UnitsPerCoin, (ulong)n)).ToList();
        await using (var cluster = await StartAsync(serviceId, silos: 1))
        {
            var node = cluster.Client.GetGrain<INodeGrain>("damaged");
            await node.CreateAsync(new NodeSettings("test", miner.Address));
            await node.MineAsync(1);
            foreach (var transfer in transfers) Assert.True((await node.SubmitTransactionAsync(transfer)).Accepted);
        }

        await using var again = await StartAsync(serviceId, silos: 1);
        // Before the node wakes: bytes that are no transaction, and a second row for a transfer it holds already.
        var store = again.GetSiloServiceProvider().GetRequiredService<IPendingTransactionStore>();
        await store.WriteAsync("damaged",
        [
            new PendingTransaction(1_000, new byte[PendingTransaction.IdSize], [0xff, 0x01, 0x02]),
            new PendingTransaction(1_001, transfers[0].Id.ToArray(), transfers[0].ToArray()),
        ], []);

        var revived = again.Client.GetGrain<INodeGrain>("damaged");

        Assert.Equal(2, (await revived.GetStatusAsync()).PendingTransactions);
        await AssertRowsAsync(again, "damaged", transfers.Select(t => t.Id));
        Assert.Equal(3, (await revived.MineAsync(1)).Single().Transactions);
        Assert.Equal(new Amount(2 * Amount.UnitsPerCoin), (await revived.GetAccountAsync(friend.Address)).Balance);
    }

    private static Transaction Transfer(KeyPair from, Address to, long units, ulong nonce, long fee = 10_000) =>
        TransactionSigner.Sign(Transaction.CreateTransfer(ChainParams.Test.ChainId, from.PublicKey, to, new Amount(units), new Amount(fee), nonce), from);

    /// <summary>Sends <paramref name="count"/> transfers from every spender at once, each spender's in nonce order.</summary>
    private static async Task<List<Hash256>> SendAsync(INodeGrain node, List<KeyPair> spenders, KeyPair sink, ulong fromNonce, int count)
    {
        var sent = await Task.WhenAll(spenders.Select(async spender =>
        {
            var ids = new List<Hash256>();
            for (var nonce = fromNonce; nonce < fromNonce + (ulong)count; nonce++)
            {
                var transfer = Transfer(spender, sink.Address, Amount.UnitsPerCoin / 100, nonce);
                var submission = await node.SubmitTransactionAsync(transfer);
                Assert.True(submission.Accepted, submission.Message);
                ids.Add(transfer.Id);
            }

            return ids;
        }));
        return [.. sent.SelectMany(ids => ids)];
    }

    private static async Task AssertRowsAsync(InProcessTestCluster cluster, string node, IEnumerable<Hash256> expected)
    {
        var store = cluster.GetSiloServiceProvider().GetRequiredService<IPendingTransactionStore>();
        var rows = await store.ReadAsync(node);
        Assert.Equal(expected.OrderBy(id => id).ToList(), rows.Select(r => new Hash256(r.Id)).OrderBy(id => id).ToList());
    }

    [Fact]
    public async Task A_mined_block_that_lands_on_a_side_branch_is_archived_before_it_is_answered()
    {
        using var miner = KeyPair.Generate();
        await using var cluster = await StartAsync("side-" + Guid.NewGuid().ToString("N")[..8], silos: 1);
        var node = cluster.Client.GetGrain<INodeGrain>("side");
        await node.CreateAsync(new NodeSettings("test", miner.Address));
        var tip = (await node.MineAsync(2)).Last();
        // What a search on the old tip finds when a heavier chain arrived meanwhile: a block beside the best chain.
        var beside = TestBlocks.Next(ChainParams.Test, GenesisBlock.Create(ChainParams.Test), miner: miner.Address);

        var mined = await cluster.Client.GetGrain<IChainGrain>("side").AcceptMinedBlockAsync(beside);

        Assert.Equal((beside.Hash, 1L), (mined.Hash, mined.Height));
        Assert.Equal(tip.Hash, (await node.GetStatusAsync()).TipHash);
        var archive = cluster.GetSiloServiceProvider().GetRequiredService<IBlockArchive>();
        var stored = await archive.GetAsync(beside.Hash.ToArray());
        Assert.NotNull(stored);
        Assert.Equal(beside.ToArray(), stored.Bytes);
    }

    [Fact]
    public async Task Nodes_of_a_silo_killed_mid_mining_answer_again_with_their_persisted_chains_and_mempools()
    {
        using var miner = KeyPair.Generate();
        using var friend = KeyPair.Generate();
        await using var cluster = await StartAsync("kill-" + Guid.NewGuid().ToString("N")[..8], silos: 3);
        var nodes = Enumerable.Range(0, 6).Select(i => cluster.Client.GetGrain<INodeGrain>($"kill-{i}")).ToList();
        var persisted = new Dictionary<string, (NodeStatus Status, Hash256 Pending)>();
        foreach (var node in nodes)
        {
            await node.CreateAsync(new NodeSettings("test", miner.Address));
            await node.MineAsync(2);
            var transfer = TransactionSigner.Sign(Transaction.CreateTransfer(ChainParams.Test.ChainId, miner.PublicKey,
                friend.Address, new Amount(Amount.UnitsPerCoin), new Amount(10_000), 0), miner);
            Assert.True((await node.SubmitTransactionAsync(transfer)).Accepted);
            persisted[node.GetPrimaryKeyString()] = (await node.GetStatusAsync(), transfer.Id);
        }

        // Every node mines on; one silo dies under them.
        using var stopMining = new CancellationTokenSource();
        var mining = nodes.Select(n => n.MineAsync(200, stopMining.Token)).ToList();
        await cluster.KillSiloAsync(cluster.Silos[1]);
        await stopMining.CancelAsync();
        foreach (var task in mining)
        {
            try
            {
                await task;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The nodes of the killed silo lose the call in flight; what they had persisted must remain.
            }
        }

        foreach (var node in nodes)
        {
            var before = persisted[node.GetPrimaryKeyString()];
            // Calls may still be routed to the dead silo for a moment: every call here is retried until it answers.
            var answered = await Poll.UntilAsync(
                async () => Tuple.Create(await node.GetStatusAsync(), await node.GetTransactionAsync(before.Pending)),
                t => t.Item1.Height >= before.Status.Height && t.Item2 is not null, TimeSpan.FromSeconds(60));
            Assert.True(answered is not null, $"{node.GetPrimaryKeyString()} did not answer again with its chain and transaction {before.Pending}");
            var grown = await Poll.UntilAsync(() => node.MineAsync(1), _ => true, TimeSpan.FromSeconds(60));
            Assert.True(grown is not null && grown.Single().Height > answered.Item1.Height, $"{node.GetPrimaryKeyString()} did not mine on");
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A connection still closing; the folder is under the temp directory.
        }
    }
}
