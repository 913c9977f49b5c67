using GrainChain.Grains.Nodes;
using GrainChain.Grains.Peers;
using GrainChain.Grains.Services;
using GrainChain.Grains.Tests.Support;
using GrainChain.Hosting;
using GrainChain.Hosting.Blocks;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GrainChain.Grains.Tests;

/// <summary>One three-silo TestingHost cluster with the ledger grains on the memory backend, shared by a collection.</summary>
public sealed class NodeClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The ledger clock of every silo of the cluster: the system's, plus whatever the tests add.</summary>
    public static AdjustableClock Clock { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) =>
        {
            // The ledger's clock is one the tests can move forward (ban expiry); Orleans keeps the system clock.
            // A block cache far smaller than the tests' chains: every cluster test also runs through eviction and
            // reads back from the archive.
            silo.Services.AddSingleton(sp => new LedgerServices(Clock, sp.GetRequiredService<IBlockArchive>(), new BlockCacheOptions { MaxMegabytes = 0 }));
            silo.AddGrainChainStorage(o => o.Backend = GrainChainBackend.Memory).AddGrainChainGrains();
            silo.Services.AddSingleton<IPeerDirectory, LiarAwarePeerDirectory>();
            // Short enough that a test of a peer that stops answering ends quickly.
            silo.Services.Configure<PeerOptions>(o => o.RequestTimeout = RequestTimeout);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>Tests sharing the three-silo node cluster.</summary>
[CollectionDefinition(Name)]
public sealed class NodeClusterCollection : ICollectionFixture<NodeClusterFixture>
{
    public const string Name = "node cluster";
}

/// <summary>The system clock moved forward by an offset a test sets; never backward, so block times stay ordered.</summary>
public sealed class AdjustableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
