using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace GrainChain.Hosting.Storage;

/// <summary>
/// Grain state in a PostgreSQL database: reads as prepared statements on the data source's pooled connections,
/// writes through the process's one group-committing <see cref="PostgresStateWriter"/>.
/// </summary>
internal sealed class PostgresGrainStateStore(NpgsqlDataSource dataSource, ILogger<PostgresStateWriter> logger)
    : IGrainStateStore, IAsyncDisposable, IDisposable
{
    private readonly PostgresStateWriter _writer = new(dataSource, logger);

    public async Task<StoredState> ReadAsync(StateKey key)
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PostgresStateStatements.Read, connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = key.ServiceId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = key.GrainId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = key.StateName });
        // Prepared once per physical connection; later calls find it there.
        await command.PrepareAsync().ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false)) return default;
        return new StoredState(reader.GetInt64(1), reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0));
    }

    public Task<StateOutcome> ApplyAsync(StateCommand command) => _writer.ApplyAsync(command);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    // For containers disposed synchronously; the writer only finishes its queue.
    public void Dispose() => _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
