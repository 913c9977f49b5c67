using GrainChain.Abstractions.Nodes;
using GrainChain.Hosting;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;
using Orleans.TestingHost;

namespace GrainChain.Grains.Tests.Nodes;

/// <summary>A whole cluster stopped and started again on its SQLite file: nodes come back with chain, balances and mempool.</summary>
public sealed class NodeRestartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("grainchain-nodes-").FullName;

    private async Task<InProcessTestCluster> StartAsync(string serviceId)
    {
        var file = Path.Combine(_folder, "cluster.db");
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) => silo
            .AddGrainChainStorage(o =>
            {
                o.Backend = GrainChainBackend.Sqlite;
                o.Sqlite.Path = file;
            })
            .AddGrainChainGrains());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    [Fact]
    public async Task Nodes_come_back_after_a_full_cluster_restart_on_SQLite()
    {
        using var miner = KeyPair.Generate();
        using var friend = KeyPair.Generate();
        var serviceId = "restart-" + Guid.NewGuid().ToString("N")[..8];
        NodeStatus before;
        Transaction pending;
        await using (var cluster = await StartAsync(serviceId))
        {
            var node = cluster.Client.GetGrain<INodeGrain>("alpha");
            await node.CreateAsync(new NodeSettings("test", miner.Address));
            await node.MineAsync(4);
            pending = TransactionSigner.Sign(Transaction.CreateTransfer(ChainParams.Test.ChainId, miner.PublicKey,
                friend.Address, new Amount(2 * Amount.UnitsPerCoin), new Amount(10_000), 0), miner);
            Assert.True((await node.SubmitTransactionAsync(pending)).Accepted);
            before = await node.GetStatusAsync();
        }

        await using var again = await StartAsync(serviceId);
        var revived = again.Client.GetGrain<INodeGrain>("alpha");

        Assert.Equal(before, await revived.GetStatusAsync());
        Assert.NotNull(await revived.GetTransactionAsync(pending.Id));
        Assert.Equal(new Amount(4 * ChainParams.Test.InitialReward.Units), (await revived.GetAccountAsync(miner.Address)).Balance);
        await revived.MineAsync(1);
        Assert.Equal(new Amount(2 * Amount.UnitsPerCoin), (await revived.GetAccountAsync(friend.Address)).Balance);
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
