using GrainChain.Grains.Nodes;
using GrainChain.Grains.Tests.Support;
using GrainChain.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GrainChain.Grains.Tests;

/// <summary>One two-silo TestingHost cluster with the ledger grains on the memory backend, shared by a collection.</summary>
public sealed class NodeClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddGrainChainStorage(o => o.Backend = GrainChainBackend.Memory).AddGrainChainGrains();
            silo.Services.AddSingleton<IPeerDirectory, LiarAwarePeerDirectory>();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>Tests sharing the two-silo node cluster.</summary>
[CollectionDefinition(Name)]
public sealed class NodeClusterCollection : ICollectionFixture<NodeClusterFixture>
{
    public const string Name = "node cluster";
}
