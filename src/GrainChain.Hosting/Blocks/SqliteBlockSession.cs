using GrainChain.Hosting.Sqlite;
using Microsoft.Data.Sqlite;

namespace GrainChain.Hosting.Blocks;

/// <summary>
/// The block writer's connection and its prepared statements: stores the blocks of several puts in one IMMEDIATE
/// transaction. Every block is validated before it is queued, so any error here (the write lock not released within
/// the busy timeout, a full disk, a damaged file) concerns the whole transaction, which is rolled back.
/// </summary>
internal sealed class SqliteBlockSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _insert;

    private SqliteBlockSession(SqliteConnection connection)
    {
        _connection = connection;
        _begin = Command("BEGIN IMMEDIATE;");
        _commit = Command("COMMIT;");
        _rollback = Command("ROLLBACK;");
        _insert = Command(SqliteBlockStatements.Insert, "$hash", "$previousHash", "$bytes");
    }

    public static SqliteBlockSession Open(SqliteDataSource dataSource)
    {
        var connection = (SqliteConnection)dataSource.OpenConnection();
        try
        {
            return new SqliteBlockSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Stores every block of <paramref name="puts"/> and commits; throws, having rolled back, if it cannot.</summary>
    public void Apply(List<SqliteBlockPut> puts)
    {
        _begin.ExecuteNonQuery();
        try
        {
            var hash = _insert.Parameters["$hash"];
            var previousHash = _insert.Parameters["$previousHash"];
            var bytes = _insert.Parameters["$bytes"];
            foreach (var put in puts)
            {
                foreach (var block in put.Blocks)
                {
                    hash.Value = block.Hash;
                    previousHash.Value = block.PreviousHash;
                    bytes.Value = block.Bytes;
                    _insert.ExecuteNonQuery();
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
        foreach (var command in new[] { _begin, _commit, _rollback, _insert }) command.Dispose();
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

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name, SqliteType = SqliteType.Blob });
        return command;
    }
}
