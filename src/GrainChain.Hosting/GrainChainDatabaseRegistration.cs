using GrainChain.Hosting.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Hosting;

/// <summary>Registers the database the settings name, for silos and clients alike.</summary>
internal static class GrainChainDatabaseRegistration
{
    public static IServiceCollection AddGrainChainDatabase(this IServiceCollection services, GrainChainOptions options) =>
        options.Backend switch
        {
            GrainChainBackend.Sqlite => services.AddGrainChainSqliteDatabase(o =>
            {
                o.Path = options.Sqlite.Path;
                o.BusyTimeout = options.Sqlite.BusyTimeout;
            }),
            GrainChainBackend.Postgres => services.AddGrainChainPostgresDatabase(o =>
            {
                o.ConnectionString = options.Postgres.ConnectionString;
                o.ConnectTimeout = options.Postgres.ConnectTimeout;
                o.CommandTimeout = options.Postgres.CommandTimeout;
            }),
            _ => services,
        };
}
