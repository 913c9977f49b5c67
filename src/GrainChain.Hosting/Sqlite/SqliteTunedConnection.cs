using Microsoft.Data.Sqlite;

namespace GrainChain.Hosting.Sqlite;

/// <summary>
/// A SQLite connection that sets the per-connection pragmas every GrainChain connection needs as it opens. The
/// ADO.NET providers open connections themselves, so this is the one place to set them.
/// </summary>
internal sealed class SqliteTunedConnection : SqliteConnection
{
    private readonly string _pragmas;

    public SqliteTunedConnection(string connectionString, TimeSpan busyTimeout) : base(connectionString)
    {
        // busy_timeout makes SQLite itself wait (with short back-off) for a lock held by another connection or
        // process; without it Microsoft.Data.Sqlite retries in 150 ms steps. synchronous=NORMAL in WAL mode makes a
        // commit durable against a process kill when it returns (the WAL is written before the call returns);
        // only a power loss or kernel crash can lose the last commits, and never corrupts the file.
        _pragmas = $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;";
    }

    public override void Open()
    {
        base.Open();
        using var command = CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }
}
