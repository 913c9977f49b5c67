using GrainChain.Hosting.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans;

namespace GrainChain.Hosting.Schema;

/// <summary>
/// Registers a silo-level service kept on the cluster's backend (the block archive, the pending transaction store) as
/// a singleton, built when first used: on SQLite or PostgreSQL, over the database registered for the silo, whose schema
/// is installed as the silo starts and whose absence stops the silo as it starts, naming what to add; in memory, as
/// given. The first registration of the service wins.
/// </summary>
internal static class BackendServiceRegistration
{
    private const string SqliteRegistration = nameof(DatabaseServiceCollectionExtensions.AddGrainChainSqliteDatabase);
    private const string PostgresRegistration = nameof(DatabaseServiceCollectionExtensions.AddGrainChainPostgresDatabase);

    /// <summary>Adds <typeparamref name="TService"/> as made by the factory of <paramref name="backend"/>;
    /// <paramref name="component"/> names it in the messages about what it lacks ("the GrainChain block archive needs
    /// a SqliteDataSource ...").</summary>
    public static IServiceCollection Add<TService>(
        IServiceCollection services,
        GrainChainBackend backend,
        string component,
        Func<IServiceProvider, TService> memory,
        Func<IServiceProvider, SqliteDataSource, TService> sqlite,
        Func<IServiceProvider, NpgsqlDataSource, TService> postgres)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(services);
        // For services kept per ClusterOptions.ServiceId: a silo registers options, a bare service collection may not.
        services.AddOptions();
        switch (backend)
        {
            case GrainChainBackend.Memory:
                services.TryAddSingleton(memory);
                break;
            case GrainChainBackend.Sqlite:
                AddOnDatabase(services, component, SqliteRegistration, sqlite);
                break;
            case GrainChainBackend.Postgres:
                AddOnDatabase(services, component, PostgresRegistration, postgres);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(backend), backend, "not a GrainChain backend");
        }

        return services;
    }

    private static void AddOnDatabase<TService, TDataSource>(
        IServiceCollection services, string component, string registration, Func<IServiceProvider, TDataSource, TService> create)
        where TService : class
        where TDataSource : class
    {
        services.AddGrainChainSchemaInstallation();
        services.AddTransient<IConfigurationValidator>(sp => new RequiredDatabaseValidator<TDataSource>(sp, component, registration));
        services.TryAddSingleton(sp => create(sp, RequiredServices.Database<TDataSource>(sp, component, registration)));
    }
}
