using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GrainChain.Hosting.Clustering;

/// <summary>The two databases GrainChain's clustering runs on.</summary>
internal static class ClusteringDatabases
{
    /// <summary>The <see cref="SqliteDataSource"/> registered by <c>AddGrainChainSqliteDatabase</c>; Orleans maps the invariant to Microsoft.Data.Sqlite.</summary>
    public static readonly ClusteringDatabase Sqlite = new(
        "SQLite",
        "System.Data.SQLite",
        nameof(DatabaseServiceCollectionExtensions.AddGrainChainSqliteDatabase),
        services => services.GetService<SqliteDataSource>(),
        (dataSource, cancellationToken) => SqliteClusteringSchemaProbe.EnsureInstalledAsync((SqliteDataSource)dataSource, cancellationToken));

    /// <summary>The <see cref="NpgsqlDataSource"/> registered by <c>AddGrainChainPostgresDatabase</c>.</summary>
    public static readonly ClusteringDatabase Postgres = new(
        "PostgreSQL",
        "Npgsql",
        nameof(DatabaseServiceCollectionExtensions.AddGrainChainPostgresDatabase),
        services => services.GetService<NpgsqlDataSource>(),
        (dataSource, cancellationToken) => PostgresClusteringSchemaProbe.EnsureInstalledAsync((NpgsqlDataSource)dataSource, cancellationToken));
}
