using Microsoft.Data.Sqlite;

namespace GrainChain.Hosting.Sqlite;

/// <summary>
/// The session of a <see cref="SqliteGroupCommitWriter{TItem,TSession}"/>: the writer thread's own connection and the
/// statements it runs there, each prepared on its first run and kept for the session's life, so that a row costs a
/// bind and a step. <see cref="Apply"/> runs a batch in one IMMEDIATE transaction. Every argument is checked before it
/// is queued, so any error here (the write lock not released within the busy timeout, a full disk, a damaged file)
/// concerns the whole transaction, which is rolled back.
/// </summary>
/// <typeparam name="TItem">One caller's request, as the writer queues it.</typeparam>
internal abstract class SqliteWriteSession<TItem> : IDisposable
{
    private readonly SqliteConnection _connection;
    // Every command of the session, its own and those of the derived session, disposed with it.
    private readonly List<SqliteCommand> _commands = [];
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;

    protected SqliteWriteSession(SqliteConnection connection)
    {
        _connection = connection;
        _begin = Command("BEGIN IMMEDIATE;");
        _commit = Command("COMMIT;");
        _rollback = Command("ROLLBACK;");
    }

    /// <summary>Writes every item of <paramref name="batch"/> and commits; throws, having rolled back, if it cannot.</summary>
    public void Apply(List<TItem> batch)
    {
        _begin.ExecuteNonQuery();
        try
        {
            Write(batch);
            _commit.ExecuteNonQuery();
        }
        catch
        {
            RollBack();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var command in _commands) command.Dispose();
        _connection.Dispose();
    }

    /// <summary>
    /// Opens a connection of <paramref name="dataSource"/> and makes the session on it with <paramref name="create"/>;
    /// the connection is closed if that fails, as no session then owns it.
    /// </summary>
    protected static TSession Open<TSession>(SqliteDataSource dataSource, Func<SqliteConnection, TSession> create)
        where TSession : SqliteWriteSession<TItem>
    {
        var connection = (SqliteConnection)dataSource.OpenConnection();
        try
        {
            return create(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs the statements of <paramref name="batch"/>, inside the transaction <see cref="Apply"/> began.</summary>
    protected abstract void Write(List<TItem> batch);

    /// <summary>A statement on the session's connection with the given parameters, whose values the caller sets per
    /// run; disposed with the session.</summary>
    protected SqliteCommand Command(string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = _connection.CreateCommand();
        _commands.Add(command);
        command.CommandText = sql;
        foreach (var (name, type) in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name, SqliteType = type });
        return command;
    }

    private bool InTransaction => SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0;

    private void RollBack()
    {
        try
        {
            if (InTransaction) _rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // The connection is unusable; the writer drops it, and SQLite undoes the transaction as it closes.
        }
    }
}
