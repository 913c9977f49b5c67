using System.Globalization;
using Microsoft.Data.Sqlite;

namespace GrainChain.Runtime.Storage;

/// <summary>
/// One open connection to the state database with its statements prepared once and reused. Not thread-safe: the
/// store gives each connection to one caller at a time. Calls are synchronous because Microsoft.Data.Sqlite runs
/// its async methods synchronously anyway; the store does its waiting asynchronously before it gets here.
/// </summary>
internal sealed class SqliteStateConnection : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteStateSql _sql;
    private SqliteCommand? _select;
    private SqliteCommand? _selectETag;
    private SqliteCommand? _insert;
    private SqliteCommand? _update;
    private SqliteCommand? _delete;

    private SqliteStateConnection(SqliteConnection connection, SqliteStateSql sql)
    {
        _connection = connection;
        _sql = sql;
    }

    /// <summary>Opens a connection and applies the per-connection settings.</summary>
    public static SqliteStateConnection Open(string connectionString, SqliteStateSql sql, TimeSpan busyTimeout, bool flushEveryCommit)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            var busyMilliseconds = ((long)busyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            Execute(connection, $"PRAGMA busy_timeout = {busyMilliseconds}; PRAGMA synchronous = {(flushEveryCommit ? "FULL" : "NORMAL")};");
            return new SqliteStateConnection(connection, sql);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Switches the file to WAL (a persistent setting) and creates the table; returns the journal mode in force.</summary>
    public string InitializeDatabase()
    {
        string mode;
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode = WAL";
            mode = Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
        }

        Execute(_connection, _sql.CreateTable);
        return mode;
    }

    public (byte[] Data, long ETag)? Read(string stateName, string grainId)
    {
        var command = _select ??= Prepare(_sql.Select, "$state", "$grain");
        Bind(command, stateName, grainId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        // A zero-length blob comes back as NULL from SQLite's C API.
        var data = reader.IsDBNull(0) ? [] : reader.GetFieldValue<byte[]>(0);
        return (data, reader.GetInt64(1));
    }

    public long? ReadETag(string stateName, string grainId)
    {
        var command = _selectETag ??= Prepare(_sql.SelectETag, "$state", "$grain");
        Bind(command, stateName, grainId);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Creates the record unless one exists; false when it existed.</summary>
    public bool Insert(string stateName, string grainId, byte[] data, long eTag, long updatedAt)
    {
        var command = _insert ??= Prepare(_sql.Insert, "$state", "$grain", "$etag", "$data", "$now");
        Bind(command, stateName, grainId);
        command.Parameters[2].Value = eTag;
        command.Parameters[3].Value = data;
        command.Parameters[4].Value = updatedAt;
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Replaces the record if it still carries <paramref name="expectedETag"/>; false otherwise.</summary>
    public bool Update(string stateName, string grainId, byte[] data, long expectedETag, long eTag, long updatedAt)
    {
        var command = _update ??= Prepare(_sql.Update, "$state", "$grain", "$etag", "$data", "$now", "$expected");
        Bind(command, stateName, grainId);
        command.Parameters[2].Value = eTag;
        command.Parameters[3].Value = data;
        command.Parameters[4].Value = updatedAt;
        command.Parameters[5].Value = expectedETag;
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Deletes the record if it still carries <paramref name="expectedETag"/>; false otherwise.</summary>
    public bool Delete(string stateName, string grainId, long expectedETag)
    {
        var command = _delete ??= Prepare(_sql.Delete, "$state", "$grain", "$expected");
        Bind(command, stateName, grainId);
        command.Parameters[2].Value = expectedETag;
        return command.ExecuteNonQuery() == 1;
    }

    public void Dispose()
    {
        _select?.Dispose();
        _selectETag?.Dispose();
        _insert?.Dispose();
        _update?.Dispose();
        _delete?.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand Prepare(string sql, params string[] parameterNames)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Bind(SqliteCommand command, string stateName, string grainId)
    {
        command.Parameters[0].Value = stateName;
        command.Parameters[1].Value = grainId;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
