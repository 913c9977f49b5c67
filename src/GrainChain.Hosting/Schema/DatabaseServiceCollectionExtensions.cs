using GrainChain.Hosting.Postgres;
using GrainChain.Hosting.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans;
using Orleans.Runtime;

namespace GrainChain.Hosting.Schema;

/// <summary>
/// Registers the one database a silo or client uses (a <see cref="SqliteDataSource"/> or an
/// <see cref="NpgsqlDataSource"/> singleton) for GrainChain's storage and clustering providers to share.
/// </summary>
public static class DatabaseServiceCollectionExtensions
{
    public static IServiceCollection AddGrainChainSqliteDatabase(
        this IServiceCollection services, Action<SqliteDatabaseOptions>? configure = null)
    {
        var options = services.AddOptions<SqliteDatabaseOptions>();
        if (configure is not null) options.Configure(configure);
        options.Validate(o => !string.IsNullOrWhiteSpace(o.Path), "GrainChain:Sqlite:Path is required")
            .Validate(o => o.BusyTimeout > TimeSpan.Zero, "GrainChain:Sqlite:BusyTimeout must be positive");
        services.TryAddSingleton(sp => new SqliteDataSource(sp.GetRequiredService<IOptions<SqliteDatabaseOptions>>().Value));
        return services;
    }

    public static IServiceCollection AddGrainChainPostgresDatabase(
        this IServiceCollection services, Action<PostgresDatabaseOptions>? configure = null)
    {
        var options = services.AddOptions<PostgresDatabaseOptions>();
        if (configure is not null) options.Configure(configure);
        options.Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "GrainChain:Postgres:ConnectionString is required")
            .Validate(o => o.ConnectTimeout > TimeSpan.Zero && o.CommandTimeout > TimeSpan.Zero, "GrainChain:Postgres timeouts must be positive");
        services.TryAddSingleton(sp => PostgresDataSources.Create(sp.GetRequiredService<IOptions<PostgresDatabaseOptions>>().Value));
        return services;
    }

    /// <summary>On a silo: install or upgrade the schema of the registered database(s) as the silo starts.</summary>
    public static IServiceCollection AddGrainChainSchemaInstallation(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, SchemaInstallation>());
        return services;
    }
}
