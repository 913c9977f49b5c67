using GrainChain.Hosting.Clustering;
using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Sqlite;
using GrainChain.Hosting.Tests.Infrastructure;

namespace GrainChain.Hosting.Tests.Membership;

/// <summary>A fresh SQLite file in a temporary folder with the GrainChain schema; every connection opens its own pool.</summary>
public sealed class SqliteMembershipBackend : MembershipBackend
{
    private readonly TempFolder _folder = new();

    public string DatabasePath => _folder.File("membership.db");

    public override async Task InitializeAsync()
    {
        using var dataSource = new SqliteDataSource(new SqliteDatabaseOptions { Path = DatabasePath });
        await SqliteSchemaInstaller.EnsureAsync(dataSource);
    }

    public override Task<MembershipConnection> ConnectAsync(string clusterId) =>
        AdoNetMembershipConnections.ConnectAsync(clusterId, ClusteringDatabases.Sqlite,
            services => services.AddGrainChainSqliteDatabase(o => o.Path = DatabasePath));

    public override Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
