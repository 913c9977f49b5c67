using Orleans.Hosting;

namespace GrainChain.Hosting.Clustering;

/// <summary>
/// Client gateway discovery from GrainChain's membership table: the client connects to the cluster's Active silos
/// that accept clients. Clients never install the schema; against a database no silo has prepared they fail saying so.
/// </summary>
public static class GrainChainClusteringClientBuilderExtensions
{
    /// <summary>Finds the cluster's gateways in the SQLite file registered with <c>AddGrainChainSqliteDatabase</c>.</summary>
    public static IClientBuilder UseGrainChainSqliteClustering(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGrainChainGatewayListProvider(ClusteringDatabases.Sqlite);
        return builder;
    }

    /// <summary>Finds the cluster's gateways in the PostgreSQL database registered with <c>AddGrainChainPostgresDatabase</c>.</summary>
    public static IClientBuilder UseGrainChainPostgresClustering(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGrainChainGatewayListProvider(ClusteringDatabases.Postgres);
        return builder;
    }
}
