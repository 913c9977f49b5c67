using GrainChain.Hosting.Sqlite;
using Microsoft.Data.Sqlite;

namespace GrainChain.Hosting.Pending;

/// <summary>
/// The pending writer's connection and its prepared statements: applies the writes of several callers, in the order
/// they were queued, in one IMMEDIATE transaction. Every argument is checked before it is queued, so any error here
/// (the write lock not released within the busy timeout, a full disk, a damaged file) concerns the whole transaction,
/// which is rolled back.
/// </summary>
internal sealed class SqlitePendingSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _delete;

    private SqlitePendingSession(SqliteConnection connection)
    {
        _connection = connection;
        _begin = Command("BEGIN IMMEDIATE;");
        _commit = Command("COMMIT;");
        _rollback = Command("ROLLBACK;");
        _insert = Command(SqlitePendingStatements.Insert,
            ("$node", SqliteType.Text), ("$sequence", SqliteType.Integer), ("$id", SqliteType.Blob), ("$bytes", SqliteType.Blob));
        _delete = Command(SqlitePendingStatements.Delete, ("$node", SqliteType.Text), ("$sequence", SqliteType.Integer));
    }

    public static SqlitePendingSession Open(SqliteDataSource dataSource)
    {
        var connection = (SqliteConnection)dataSource.OpenConnection();
        try
        {
            return new SqlitePendingSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Applies every write of <paramref name="writes"/> and commits; throws, having rolled back, if it cannot.</summary>
    public void Apply(List<SqlitePendingWrite> writes)
    {
        _begin.ExecuteNonQuery();
        try
        {
            // Parameters are looked up once per batch and only their values change per row: a row costs a bind and a
            // step of a statement the command prepared on its first run and keeps for the session's life.
            var insertNode = _insert.Parameters["$node"];
            var insertSequence = _insert.Parameters["$sequence"];
            var insertId = _insert.Parameters["$id"];
            var bytes = _insert.Parameters["$bytes"];
            var deleteNode = _delete.Parameters["$node"];
            var deleteSequence = _delete.Parameters["$sequence"];
            foreach (var write in writes)
            {
                // Inserts first, then deletes: a sequence a write both adds and removes ends removed.
                insertNode.Value = write.Node;
                foreach (var row in write.Added)
                {
                    insertSequence.Value = row.Sequence;
                    insertId.Value = row.Id;
                    bytes.Value = row.Bytes;
                    _insert.ExecuteNonQuery();
                }

                deleteNode.Value = write.Node;
                foreach (var sequence in write.Removed)
                {
                    deleteSequence.Value = sequence;
                    _delete.ExecuteNonQuery();
                }
            }

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
        foreach (var command in new[] { _begin, _commit, _rollback, _insert, _delete }) command.Dispose();
        _connection.Dispose();
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

    private SqliteCommand Command(string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name, SqliteType = type });
        return command;
    }
}
