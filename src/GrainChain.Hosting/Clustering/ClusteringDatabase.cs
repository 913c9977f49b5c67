using System.Data.Common;
using Orleans.Runtime;

namespace GrainChain.Hosting.Clustering;

/// <summary>
/// One kind of database GrainChain keeps membership in, as the clustering registrations need it: the ADO.NET invariant
/// Orleans knows it by, where its data source is in DI, and how a client checks that a silo installed the schema.
/// </summary>
internal sealed class ClusteringDatabase(
    string name,
    string invariant,
    string registration,
    Func<IServiceProvider, DbDataSource?> findDataSource,
    Func<DbDataSource, CancellationToken, Task> ensureSchemaInstalled)
{
    /// <summary>The schema component that holds the membership tables and the provider's statements.</summary>
    public const string SchemaComponent = "clustering";

    /// <summary>"SQLite" or "PostgreSQL", for messages.</summary>
    public string Name { get; } = name;

    /// <summary>The invariant name Orleans' ADO.NET providers select their SQL dialect by.</summary>
    public string Invariant { get; } = invariant;

    /// <summary>The registered data source; a configuration error naming the missing registration if there is none.</summary>
    public DbDataSource GetDataSource(IServiceProvider services) =>
        findDataSource(services) ?? throw new OrleansConfigurationException(
            $"GrainChain {Name} clustering needs the {Name} database registered in the same host: call services.{registration}(...).");

    /// <summary>Throws a <see cref="Schema.GrainChainDatabaseException"/> unless a silo has installed the clustering schema.</summary>
    public Task EnsureSchemaInstalledAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        ensureSchemaInstalled(GetDataSource(services), cancellationToken);
}
