using GrainChain.Abstractions.Nodes;
using GrainChain.Hosting;
using GrainChain.Hosting.Blocks;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Tests.Chain;
using Microsoft.Extensions.DependencyInjection;
using GrainChain.Hosting.Tests.Infrastructure;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;
using GrainChain.Hosting.TestSilo.Harness;
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
    public async Task Every_acknowledged_transfer_comes_back_whether_it_was_journalled_or_written_with_the_whole_mempool()
    {
        using var miner = KeyPair.Generate();
        using var sink = KeyPair.Generate();
        var spenders = Enumerable.Range(0, 8).Select(_ => KeyPair.Generate()).ToList();
        var serviceId = "journal-" + Guid.NewGuid().ToString("N")[..8];
        var acknowledged = new List<Hash256>();
        await using (var cluster = await StartAsync(serviceId, silos: 1))
        {
            var node = cluster.Client.GetGrain<INodeGrain>("journal");
            await node.CreateAsync(new NodeSettings("test", miner.Address));
            await node.MineAsync(1);
            for (var i = 0; i < spenders.Count; i++)
            {
                var funding = TransactionSigner.Sign(Transaction.CreateTransfer(ChainParams.Test.ChainId, miner.PublicKey,
                    spenders[i].Address, new Amount(5 * Amount.UnitsPerCoin), new Amount(10_000), (ulong)i), miner);
                Assert.True((await node.SubmitTransactionAsync(funding)).Accepted);
            }
            await node.MineAsync(1);

            // 320 transfers, eight senders at once: more than the journal holds at this pool size, so some are
            // written with the whole mempool and the rest journalled after it.
            var sent = await Task.WhenAll(spenders.Select(async spender =>
            {
                var ids = new List<Hash256>();
                for (ulong nonce = 0; nonce < 40; nonce++)
                {
                    var transfer = TransactionSigner.Sign(Transaction.CreateTransfer(ChainParams.Test.ChainId, spender.PublicKey,
                        sink.Address, new Amount(Amount.UnitsPerCoin / 100), new Amount(10_000), nonce), spender);
                    var submission = await node.SubmitTransactionAsync(transfer);
                    Assert.True(submission.Accepted, submission.Message);
                    ids.Add(transfer.Id);
                }
                return ids;
            }));
            acknowledged.AddRange(sent.SelectMany(ids => ids));
            Assert.Equal(320, (await node.GetStatusAsync()).PendingTransactions);
        }

        await using var again = await StartAsync(serviceId, silos: 1);
        var revived = again.Client.GetGrain<INodeGrain>("journal");

        Assert.Equal(320, (await revived.GetStatusAsync()).PendingTransactions);
        foreach (var id in acknowledged) Assert.NotNull(await revived.GetTransactionAsync(id));
        var block = (await revived.MineAsync(1)).Single();
        Assert.Equal(321, block.Transactions);
        Assert.Equal(new Amount(320 * (Amount.UnitsPerCoin / 100)), (await revived.GetAccountAsync(sink.Address)).Balance);
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
