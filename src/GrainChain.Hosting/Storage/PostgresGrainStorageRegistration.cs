using GrainChain.Hosting.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans;

namespace GrainChain.Hosting.Storage;

/// <summary>Registers <see cref="GrainChainGrainStorage"/> on the silo's PostgreSQL database, sharing one store (one
/// writer) per process among all storage names.</summary>
internal static class PostgresGrainStorageRegistration
{
    public const string Registration = "AddGrainChainPostgresDatabase";

    public static void Add(IServiceCollection services, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var component = GrainChainGrainStorageRegistration.Component(name);
        services.AddGrainChainSchemaInstallation();
        services.AddTransient<IConfigurationValidator>(sp => new RequiredDatabaseValidator<NpgsqlDataSource>(sp, component, Registration));
        services.TryAddSingleton(sp => new PostgresGrainStateStore(
            RequiredServices.Database<NpgsqlDataSource>(sp, component, Registration), sp.GetRequiredService<ILogger<PostgresStateWriter>>()));
        GrainChainGrainStorageRegistration.Add<PostgresGrainStateStore>(services, name);
    }
}
