using GrainChain.Hosting.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GrainChain.Hosting.Storage;

/// <summary>
/// Grain state in a SQLite file: reads on the data source's pooled connections (in WAL mode a reader never waits for
/// the writer), writes through the process's one group-committing <see cref="SqliteStateWriter"/>.
/// </summary>
internal sealed class SqliteGrainStateStore(SqliteDataSource dataSource, ILogger<SqliteStateWriter> logger)
    : IGrainStateStore, IDisposable
{
    private readonly SqliteStateWriter _writer = new(dataSource, logger);

    public async Task<StoredState> ReadAsync(StateKey key)
    {
        await using var connection = (SqliteConnection)await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteStateStatements.Read;
        command.Parameters.AddWithValue("$serviceId", key.ServiceId);
        command.Parameters.AddWithValue("$grainId", key.GrainId);
        command.Parameters.AddWithValue("$stateName", key.StateName);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false)) return default;
        return new StoredState(reader.GetInt64(1), reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0));
    }

    public Task<StateOutcome> ApplyAsync(StateCommand command) => _writer.ApplyAsync(command);

    public void Dispose() => _writer.Dispose();
}
