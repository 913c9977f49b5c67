using Orleans.Hosting;

namespace GrainChain.Hosting.Clustering;

/// <summary>
/// Silo membership in GrainChain's database through Orleans' ADO.NET clustering provider: every silo is equal (no
/// primary), any of them may stop or die, and the others carry on.
/// </summary>
public static class GrainChainClusteringSiloBuilderExtensions
{
    /// <summary>
    /// Keeps the cluster's membership in the SQLite file registered with <c>AddGrainChainSqliteDatabase</c>, so
    /// that silo processes on one machine form one cluster; installs the schema as the silo starts.
    /// </summary>
    public static ISiloBuilder UseGrainChainSqliteClustering(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGrainChainMembershipTable(ClusteringDatabases.Sqlite);
        return builder;
    }

    /// <summary>
    /// Keeps the cluster's membership in the PostgreSQL database registered with <c>AddGrainChainPostgresDatabase</c>,
    /// so that silos on several machines form one cluster; installs the schema as the silo starts.
    /// </summary>
    public static ISiloBuilder UseGrainChainPostgresClustering(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGrainChainMembershipTable(ClusteringDatabases.Postgres);
        return builder;
    }
}
