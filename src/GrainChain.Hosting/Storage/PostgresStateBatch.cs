using Npgsql;
using NpgsqlTypes;

namespace GrainChain.Hosting.Storage;

/// <summary>
/// Applies a batch of <see cref="StateCommand"/>s to PostgreSQL in one transaction and one round trip (plus one for
/// the stored versions of any conflicts), then commits: one WAL flush for the whole batch. Rows are touched in key
/// order, so batches of different silos never deadlock.
/// </summary>
internal static class PostgresStateBatch
{
    /// <summary>The outcome of each command, in the order given; the transaction is committed when this returns.</summary>
    public static async Task<StateOutcome[]> ApplyAsync(NpgsqlDataSource dataSource, IReadOnlyList<StateCommand> commands)
    {
        var order = Enumerable.Range(0, commands.Count)
            .OrderBy(i => commands[i].Key.ServiceId, StringComparer.Ordinal)
            .ThenBy(i => commands[i].Key.GrainId, StringComparer.Ordinal)
            .ThenBy(i => commands[i].Key.StateName, StringComparer.Ordinal)
            .ToArray();
        var outcomes = new StateOutcome[commands.Count];
        var conflicts = new List<int>();

        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            foreach (var i in order) batch.BatchCommands.Add(Statement(commands[i]));
            await batch.PrepareAsync().ConfigureAwait(false);
            await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
            foreach (var i in order)
            {
                var command = commands[i];
                var row = await reader.ReadAsync().ConfigureAwait(false);
                if (command.Expected is null && command.IsClear)
                {
                    // A clear without an ETag: done if there is no record or it is cleared already; a record holding
                    // a state was written by someone the caller has not seen.
                    outcomes[i] = row ? new StateOutcome(!reader.GetBoolean(1), reader.GetInt64(0)) : new StateOutcome(true, null);
                }
                else if (row)
                {
                    outcomes[i] = new StateOutcome(true, reader.GetInt64(0));
                }
                else
                {
                    conflicts.Add(i);
                }

                await reader.NextResultAsync().ConfigureAwait(false);
            }
        }

        if (conflicts.Count > 0)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var i in conflicts) batch.BatchCommands.Add(Statement(PostgresStateStatements.Current, commands[i].Key));
            await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
            foreach (var i in conflicts)
            {
                outcomes[i] = new StateOutcome(false, await reader.ReadAsync().ConfigureAwait(false) ? reader.GetInt64(0) : null);
                await reader.NextResultAsync().ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return outcomes;
    }

    private static NpgsqlBatchCommand Statement(StateCommand command)
    {
        if (command.Expected is { } expected)
        {
            var update = Statement(PostgresStateStatements.Update, command.Key);
            update.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = (object?)command.Payload ?? DBNull.Value });
            update.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = expected });
            return update;
        }

        if (command.IsClear) return Statement(PostgresStateStatements.Current, command.Key);

        var insert = Statement(PostgresStateStatements.Insert, command.Key);
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = command.Payload });
        return insert;
    }

    private static NpgsqlBatchCommand Statement(string sql, StateKey key)
    {
        var statement = new NpgsqlBatchCommand(sql);
        statement.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = key.ServiceId });
        statement.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = key.GrainId });
        statement.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = key.StateName });
        return statement;
    }
}
