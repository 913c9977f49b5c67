using GrainChain.Hosting.Sqlite;
using Microsoft.Extensions.Logging;

namespace GrainChain.Hosting.Pending;

/// <summary>
/// The one writer of pending transactions to a SQLite file in this process: a dedicated thread takes every queued
/// write, applies them all in one transaction on its own connection, commits, and only then completes each caller.
/// Writes from every node of the silo arriving together share one COMMIT (one WAL append), which is what lets
/// acknowledged transfers outrun what one transaction per write would allow; no thread-pool thread ever waits for
/// SQLite's write lock.
/// </summary>
internal sealed partial class SqlitePendingWriter(SqliteDataSource dataSource, ILogger<SqlitePendingWriter> logger)
    // Bounds on one transaction made of several writes: enough to absorb a burst, small enough not to hold the write
    // lock, and the other writers on the file waiting for it, for long.
    : SqliteSessionWriter<SqlitePendingWrite, SqlitePendingSession>(
        dataSource, "GrainChain SQLite pending writer", "pending transaction writer", 16L << 20)
{
    protected override SqlitePendingSession OpenSession() => SqlitePendingSession.Open(DataSource);

    protected override void LogFailed(List<SqlitePendingWrite> batch, Exception error) =>
        LogWriteFailed(logger, error, batch.Count, batch.Sum(w => w.Added.Length), batch.Sum(w => w.Removed.Length), DataSource.FilePath);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Could not apply {Writes} pending transaction writes ({Added} added, {Removed} removed) to the SQLite database {File}")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int writes, int added, int removed, string file);
}
