using GrainChain.Hosting.Sqlite;
using Microsoft.Data.Sqlite;

namespace GrainChain.Hosting.Storage;

/// <summary>
/// The writer's connection and its prepared statements: applies a batch of <see cref="StateCommand"/>s as one
/// IMMEDIATE transaction and completes each command after the COMMIT. A command that fails alone (its statement is
/// undone, the transaction goes on) fails alone; an error that ends the transaction fails the whole batch.
/// </summary>
internal sealed class SqliteStateBatch : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _current;

    private SqliteStateBatch(SqliteConnection connection)
    {
        _connection = connection;
        _begin = Command("BEGIN IMMEDIATE;");
        _commit = Command("COMMIT;");
        _rollback = Command("ROLLBACK;");
        _insert = Command(SqliteStateStatements.Insert, "$serviceId", "$grainId", "$stateName", "$payload");
        _update = Command(SqliteStateStatements.Update, "$serviceId", "$grainId", "$stateName", "$payload", "$expected");
        _current = Command(SqliteStateStatements.Current, "$serviceId", "$grainId", "$stateName");
    }

    public static SqliteStateBatch Open(SqliteDataSource dataSource)
    {
        var connection = (SqliteConnection)dataSource.OpenConnection();
        try
        {
            return new SqliteStateBatch(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Apply(List<StateCommand> batch)
    {
        _begin.ExecuteNonQuery();
        var outcomes = new StateOutcome?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                outcomes[i] = Apply(batch[i]);
            }
            catch (SqliteException e) when (InTransaction)
            {
                batch[i].Fail(e);
            }
        }

        try
        {
            _commit.ExecuteNonQuery();
        }
        catch
        {
            if (InTransaction) _rollback.ExecuteNonQuery();
            throw;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is { } outcome) batch[i].Complete(outcome);
        }
    }

    public void Dispose()
    {
        foreach (var command in new[] { _begin, _commit, _rollback, _insert, _update, _current }) command.Dispose();
        _connection.Dispose();
    }

    private bool InTransaction => SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0;

    private StateOutcome Apply(StateCommand command)
    {
        if (command.Expected is { } expected)
        {
            var updated = Run(_update, command, command.Payload, expected);
            return updated is long version ? new StateOutcome(true, version) : Conflict(command);
        }

        if (!command.IsClear)
        {
            var inserted = Run(_insert, command, command.Payload, null);
            return inserted is long version ? new StateOutcome(true, version) : Conflict(command);
        }

        // A clear without an ETag: nothing to do if there is no record, or if it is already cleared (its version
        // becomes the caller's ETag); a record holding a state was written by someone the caller has not seen.
        var (stored, holdsState) = Current(command);
        return new StateOutcome(!holdsState, stored);
    }

    private StateOutcome Conflict(StateCommand command) => new(false, Current(command).Version);

    private (long? Version, bool HoldsState) Current(StateCommand command)
    {
        Bind(_current, command);
        using var reader = _current.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetBoolean(1)) : (null, false);
    }

    private object? Run(SqliteCommand statement, StateCommand command, byte[]? payload, long? expected)
    {
        Bind(statement, command);
        statement.Parameters["$payload"].Value = (object?)payload ?? DBNull.Value;
        if (expected is { } version) statement.Parameters["$expected"].Value = version;
        return statement.ExecuteScalar();
    }

    private static void Bind(SqliteCommand statement, StateCommand command)
    {
        statement.Parameters["$serviceId"].Value = command.Key.ServiceId;
        statement.Parameters["$grainId"].Value = command.Key.GrainId;
        statement.Parameters["$stateName"].Value = command.Key.StateName;
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }
}
