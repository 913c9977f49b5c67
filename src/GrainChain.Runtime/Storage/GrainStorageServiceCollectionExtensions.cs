using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Storage;

/// <summary>Registers grain stores as keyed <see cref="IGrainStorage"/> singletons under the store name.</summary>
public static class GrainStorageServiceCollectionExtensions
{
    /// <summary>An in-memory store (tests): records live as long as the service provider.</summary>
    public static IServiceCollection AddMemoryGrainStorage(this IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        services.AddKeyedSingleton<IGrainStorage>(name, (_, _) => new MemoryGrainStorage(name));
        return services;
    }

    /// <summary>A SQLite store; <paramref name="configure"/> sets the named <see cref="SqliteGrainStorageOptions"/> of <paramref name="name"/>.</summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SqliteGrainStorageOptions>(name).Configure(configure);
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, _) => new SqliteGrainStorage(
            name,
            provider.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name),
            Logger<SqliteGrainStorage>(provider),
            provider.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>A PostgreSQL store; <paramref name="configure"/> sets the named <see cref="PostgresGrainStorageOptions"/> of <paramref name="name"/>.</summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string name, Action<PostgresGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PostgresGrainStorageOptions>(name).Configure(configure);
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, _) => new PostgresGrainStorage(
            name,
            provider.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get(name),
            Logger<PostgresGrainStorage>(provider),
            provider.GetService<TimeProvider>()));
        return services;
    }

    private static ILogger<T> Logger<T>(IServiceProvider provider) =>
        provider.GetService<ILogger<T>>() ?? NullLogger<T>.Instance;
}
