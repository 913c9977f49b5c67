using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans;
using Orleans.Configuration;

namespace GrainChain.Hosting.Pending;

/// <summary>Registers the silo's <see cref="IPendingTransactionStore"/> on the backend the cluster keeps its state in.</summary>
public static class PendingTransactionServiceCollectionExtensions
{
    private const string SqliteRegistration = nameof(DatabaseServiceCollectionExtensions.AddGrainChainSqliteDatabase);
    private const string PostgresRegistration = nameof(DatabaseServiceCollectionExtensions.AddGrainChainPostgresDatabase);

    /// <summary>
    /// Adds the <see cref="IPendingTransactionStore"/> singleton: with <see cref="GrainChainBackend.Sqlite"/> or
    /// <see cref="GrainChainBackend.Postgres"/>, the <c>pending</c> table of the database registered with
    /// <c>AddGrainChainSqliteDatabase</c> or <c>AddGrainChainPostgresDatabase</c> (the schema is installed as the silo
    /// starts, and a silo without that database refuses to start); with <see cref="GrainChainBackend.Memory"/>, a
    /// store in this process's memory shared by every silo of the same <see cref="ClusterOptions.ServiceId"/>, kept
    /// only as long as the process lives. The first registration of a store wins.
    /// </summary>
    public static IServiceCollection AddGrainChainPendingTransactions(this IServiceCollection services, GrainChainBackend backend)
    {
        ArgumentNullException.ThrowIfNull(services);
        switch (backend)
        {
            case GrainChainBackend.Memory:
                services.AddOptions();
                services.TryAddSingleton<IPendingTransactionStore>(sp => new MemoryPendingTransactionStore(ServiceId(sp)));
                break;
            case GrainChainBackend.Sqlite:
                services.AddGrainChainSchemaInstallation();
                services.AddTransient<IConfigurationValidator>(sp => new PendingTransactionDatabaseValidator<SqliteDataSource>(sp, SqliteRegistration));
                services.TryAddSingleton<IPendingTransactionStore>(sp => new SqlitePendingTransactionStore(
                    RequiredDatabase<SqliteDataSource>(sp, SqliteRegistration),
                    sp.GetService<ILogger<SqlitePendingWriter>>() ?? NullLogger<SqlitePendingWriter>.Instance));
                break;
            case GrainChainBackend.Postgres:
                services.AddGrainChainSchemaInstallation();
                services.AddTransient<IConfigurationValidator>(sp => new PendingTransactionDatabaseValidator<NpgsqlDataSource>(sp, PostgresRegistration));
                services.TryAddSingleton<IPendingTransactionStore>(sp =>
                    new PostgresPendingTransactionStore(RequiredDatabase<NpgsqlDataSource>(sp, PostgresRegistration)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(backend), backend, "not a GrainChain backend");
        }

        return services;
    }

    internal static TDataSource RequiredDatabase<TDataSource>(IServiceProvider services, string registration)
        where TDataSource : class =>
        services.GetService<TDataSource>() ?? throw new InvalidOperationException(
            $"the GrainChain pending transaction store needs a {typeof(TDataSource).Name} in the silo's services, and none is registered: " +
            $"call services.{registration}(...) when configuring the silo.");

    private static string ServiceId(IServiceProvider services)
    {
        var serviceId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
        return string.IsNullOrWhiteSpace(serviceId)
            ? throw new InvalidOperationException("the GrainChain pending transactions in memory are shared by service id, and ClusterOptions.ServiceId is empty")
            : serviceId;
    }
}
