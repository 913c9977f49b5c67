using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans;

namespace GrainChain.Hosting.Storage;

/// <summary>Registers <see cref="GrainChainGrainStorage"/> on the silo's SQLite database, sharing one store (one
/// writer) per process among all storage names.</summary>
internal static class SqliteGrainStorageRegistration
{
    public const string Registration = "AddGrainChainSqliteDatabase";

    public static void Add(IServiceCollection services, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var component = GrainChainGrainStorageRegistration.Component(name);
        services.AddGrainChainSchemaInstallation();
        services.AddTransient<IConfigurationValidator>(sp => new RequiredDatabaseValidator<SqliteDataSource>(sp, component, Registration));
        services.TryAddSingleton(sp => new SqliteGrainStateStore(
            RequiredServices.Database<SqliteDataSource>(sp, component, Registration), sp.GetRequiredService<ILogger<SqliteStateWriter>>()));
        GrainChainGrainStorageRegistration.Add<SqliteGrainStateStore>(services, name);
    }
}
