using GrainChain.Hosting.Schema;
using Npgsql;

namespace GrainChain.Hosting.Postgres;

/// <summary>
/// Creates or upgrades the GrainChain schema in a PostgreSQL database, idempotently; silos starting together take a
/// transaction-scoped advisory lock so one of them installs and the others see the result. Refuses a schema newer
/// than this build and Orleans tables that GrainChain did not install.
/// </summary>
public static class PostgresSchemaInstaller
{
    // Any fixed number: the key of GrainChain's advisory lock, held only while the schema is checked.
    private const long SchemaLockKey = 0x4772_6169_6E43_6831;

    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var name = PostgresDataSources.Describe(dataSource.ConnectionString);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({SchemaLockKey});", cancellationToken).ConfigureAwait(false);
            var recorded = await ReadRecordedAsync(connection, name, cancellationToken).ConfigureAwait(false);
            foreach (var script in SchemaPlan.Pending(DatabaseKind.Postgres, recorded, name))
            {
                await ExecuteAsync(connection, script.Text, cancellationToken).ConfigureAwait(false);
                await using var record = connection.CreateCommand();
                record.CommandText =
                    "INSERT INTO grainchainschema (component, version, appliedon) VALUES ($1, $2, now()) " +
                    "ON CONFLICT (component) DO UPDATE SET version = excluded.version, appliedon = excluded.appliedon;";
                record.Parameters.AddWithValue(script.Component);
                record.Parameters.AddWithValue(script.Version);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e)
        {
            throw new GrainChainDatabaseException($"cannot prepare {name}: {e.MessageText}", e);
        }
        catch (NpgsqlException e)
        {
            throw new GrainChainDatabaseException($"cannot reach {name}: {e.Message}", e);
        }
        catch (TimeoutException e)
        {
            throw new GrainChainDatabaseException($"cannot reach {name}: {e.Message}", e);
        }
    }

    private static async Task<Dictionary<string, int>> ReadRecordedAsync(
        NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var tables = connection.CreateCommand();
        tables.CommandText =
            "SELECT to_regclass('grainchainschema') IS NOT NULL, to_regclass('orleansquery') IS NOT NULL;";
        bool hasSchema, hasQueries;
        await using (var reader = await tables.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            hasSchema = reader.GetBoolean(0);
            hasQueries = reader.GetBoolean(1);
        }

        var recorded = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!hasSchema)
        {
            if (hasQueries)
                throw new GrainChainDatabaseException(
                    $"{name} already has Orleans tables that GrainChain did not install (OrleansQuery without GrainChainSchema). Give GrainChain its own database.");
            await ExecuteAsync(connection,
                "CREATE TABLE grainchainschema (component varchar(64) NOT NULL PRIMARY KEY, version integer NOT NULL, appliedon timestamptz NOT NULL);",
                cancellationToken).ConfigureAwait(false);
            return recorded;
        }

        await using var versions = connection.CreateCommand();
        versions.CommandText = "SELECT component, version FROM grainchainschema;";
        await using var rows = await versions.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false)) recorded[rows.GetString(0)] = rows.GetInt32(1);
        return recorded;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
