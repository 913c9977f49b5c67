using GrainChain.Hosting.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;

namespace GrainChain.Hosting.Pending;

/// <summary>Registers the silo's <see cref="IPendingTransactionStore"/> on the backend the cluster keeps its state in.</summary>
public static class PendingTransactionServiceCollectionExtensions
{
    // How the messages about a missing database or service id name what needs it (and the tests look for).
    private const string Component = "the GrainChain pending transaction store";

    /// <summary>
    /// Adds the <see cref="IPendingTransactionStore"/> singleton for the <see cref="ClusterOptions.ServiceId"/> (an
    /// empty one is refused): with <see cref="GrainChainBackend.Sqlite"/> or <see cref="GrainChainBackend.Postgres"/>,
    /// the service's rows in the <c>pending</c> table of the database registered with
    /// <c>AddGrainChainSqliteDatabase</c> or <c>AddGrainChainPostgresDatabase</c> (the schema is installed as the silo
    /// starts, and a silo without that database refuses to start); with <see cref="GrainChainBackend.Memory"/>, a
    /// store in this process's memory shared by every silo of the same service id, kept only as long as the process
    /// lives. The first registration of a store wins.
    /// </summary>
    public static IServiceCollection AddGrainChainPendingTransactions(this IServiceCollection services, GrainChainBackend backend) =>
        BackendServiceRegistration.Add<IPendingTransactionStore>(services, backend, Component,
            memory: sp => new MemoryPendingTransactionStore(ServiceId(sp)),
            sqlite: (sp, database) => new SqlitePendingTransactionStore(
                database, ServiceId(sp), sp.GetService<ILogger<SqlitePendingWriter>>() ?? NullLogger<SqlitePendingWriter>.Instance),
            postgres: (sp, database) => new PostgresPendingTransactionStore(database, ServiceId(sp)));

    private static string ServiceId(IServiceProvider services) => RequiredServices.ServiceId(services, Component);
}
