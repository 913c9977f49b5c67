using GrainChain.Hosting.Tests.Infrastructure;
using Orleans.TestingHost;

namespace GrainChain.Hosting.Tests.Cluster;

/// <summary>
/// One three-silo Orleans TestingHost cluster per collection, its grain state in one SQLite file. The TestingHost
/// brings its own in-process membership and transport; SQLite membership is exercised by the process tests.
/// </summary>
public sealed class SqliteClusterFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public string DatabasePath => _folder.File("cluster.db");

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        var path = DatabasePath;
        builder.ConfigureSilo((_, silo) => silo.AddGrainChainStorage(o =>
        {
            o.Backend = GrainChainBackend.Sqlite;
            o.Sqlite.Path = path;
        }));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>Tests sharing the three-silo SQLite cluster.</summary>
[CollectionDefinition(Name)]
public sealed class SqliteClusterCollection : ICollectionFixture<SqliteClusterFixture>
{
    public const string Name = "three-silo SQLite cluster";
}
