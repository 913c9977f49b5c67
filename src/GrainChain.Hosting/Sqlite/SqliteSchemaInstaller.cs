using GrainChain.Hosting.Schema;
using Microsoft.Data.Sqlite;

namespace GrainChain.Hosting.Sqlite;

/// <summary>
/// Creates or upgrades the GrainChain schema in a SQLite file, idempotently and safely when several silo processes
/// start at once (the check and the scripts run under SQLite's write lock). Refuses a file that is not SQLite, a
/// SQLite database of something else, and a schema newer than this build.
/// </summary>
public static class SqliteSchemaInstaller
{
    private const int SqliteNotADatabase = 26;
    private const int SqliteCorrupt = 11;

    public static async Task EnsureAsync(SqliteDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var name = $"the SQLite database {dataSource.FilePath}";
        try
        {
            var folder = Path.GetDirectoryName(dataSource.FilePath);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            await using var connection = (SqliteConnection)await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            // WAL is a property of the file, set once: readers never block the writer, and commits append.
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "BEGIN IMMEDIATE;", cancellationToken).ConfigureAwait(false);
            try
            {
                var recorded = await ReadRecordedAsync(connection, name, cancellationToken).ConfigureAwait(false);
                foreach (var script in SchemaPlan.Pending(DatabaseKind.Sqlite, recorded, name))
                {
                    await ExecuteAsync(connection, script.Text, cancellationToken).ConfigureAwait(false);
                    await using var record = connection.CreateCommand();
                    record.CommandText =
                        "INSERT INTO GrainChainSchema (Component, Version, AppliedOn) VALUES ($c, $v, datetime('now')) " +
                        "ON CONFLICT (Component) DO UPDATE SET Version = excluded.Version, AppliedOn = excluded.AppliedOn;";
                    record.Parameters.AddWithValue("$c", script.Component);
                    record.Parameters.AddWithValue("$v", script.Version);
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await ExecuteAsync(connection, "COMMIT;", cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await ExecuteAsync(connection, "ROLLBACK;", CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt)
        {
            throw new GrainChainDatabaseException($"{dataSource.FilePath} is not a SQLite database (or is damaged): {e.Message}", e);
        }
        catch (SqliteException e)
        {
            throw new GrainChainDatabaseException($"cannot prepare {name}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new GrainChainDatabaseException($"cannot prepare {name}: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new GrainChainDatabaseException($"cannot prepare {name}: {e.Message}", e);
        }
    }

    private static async Task<Dictionary<string, int>> ReadRecordedAsync(
        System.Data.Common.DbConnection connection, string name, CancellationToken cancellationToken)
    {
        var recorded = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%';";
        var names = new List<string>();
        await using (var reader = await tables.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) names.Add(reader.GetString(0));
        }

        if (!names.Contains("GrainChainSchema", StringComparer.Ordinal))
        {
            if (names.Count > 0)
                throw new GrainChainDatabaseException(
                    $"{name} is not a GrainChain database: it has tables ({string.Join(", ", names.Take(5))}) but no GrainChainSchema table. Point GrainChain:Sqlite:Path at a new file.");
            await ExecuteAsync(connection,
                "CREATE TABLE GrainChainSchema (Component TEXT NOT NULL PRIMARY KEY, Version INTEGER NOT NULL, AppliedOn TEXT NOT NULL);",
                cancellationToken).ConfigureAwait(false);
            return recorded;
        }

        await using var versions = connection.CreateCommand();
        versions.CommandText = "SELECT Component, Version FROM GrainChainSchema;";
        await using var rows = await versions.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false)) recorded[rows.GetString(0)] = rows.GetInt32(1);
        return recorded;
    }

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
