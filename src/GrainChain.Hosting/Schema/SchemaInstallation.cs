using GrainChain.Hosting.Postgres;
using GrainChain.Hosting.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans;
using Orleans.Runtime;

namespace GrainChain.Hosting.Schema;

/// <summary>
/// Installs or upgrades the GrainChain schema while a silo starts, before the membership table and the grain
/// storage read their statements; a database that cannot be used stops the silo with a message naming it.
/// </summary>
internal sealed partial class SchemaInstallation(IServiceProvider services, ILogger<SchemaInstallation> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaInstallation), ServiceLifecycleStage.RuntimeInitialize - 1, InstallAsync);

    private async Task InstallAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<SqliteDataSource>() is { } sqlite)
        {
            await SqliteSchemaInstaller.EnsureAsync(sqlite, cancellationToken).ConfigureAwait(false);
            LogReady(logger, $"SQLite {sqlite.FilePath}");
        }

        if (services.GetService<NpgsqlDataSource>() is { } postgres)
        {
            await PostgresSchemaInstaller.EnsureAsync(postgres, cancellationToken).ConfigureAwait(false);
            LogReady(logger, PostgresDataSources.Describe(postgres.ConnectionString));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "GrainChain schema ready in {Database}")]
    private static partial void LogReady(ILogger logger, string database);
}
