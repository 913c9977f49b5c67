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
    // Bounds on one transaction made of several writes (a single write is never split): enough to absorb a burst,
    // small enough not to hold the write lock, and the other writers on the file waiting for it, for long.
    : SqliteGroupCommitWriter<SqlitePendingWrite, SqlitePendingSession>(dataSource, "GrainChain SQLite pending writer", int.MaxValue, 16L << 20)
{
    /// <summary>Queues <paramref name="write"/>; the task completes once the transaction applying it is committed.</summary>
    public Task WriteAsync(SqlitePendingWrite write, CancellationToken cancellationToken)
    {
        Enqueue(write, "pending transaction writer");
        return cancellationToken.CanBeCanceled ? write.Done.WaitAsync(cancellationToken) : write.Done;
    }

    protected override long SizeOf(SqlitePendingWrite item) => item.Size;

    protected override bool Abandoned(SqlitePendingWrite item) => item.CancelIfRequested();

    protected override SqlitePendingSession OpenSession() => SqlitePendingSession.Open(DataSource);

    protected override void Commit(SqlitePendingSession session, List<SqlitePendingWrite> batch)
    {
        session.Apply(batch);
        foreach (var write in batch) write.Complete();
    }

    protected override void Fail(List<SqlitePendingWrite> batch, Exception error)
    {
        LogWriteFailed(logger, error, batch.Count, batch.Sum(w => w.Added.Length), batch.Sum(w => w.Removed.Length), DataSource.FilePath);
        foreach (var write in batch) write.Fail(error);
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Could not apply {Writes} pending transaction writes ({Added} added, {Removed} removed) to the SQLite database {File}")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int writes, int added, int removed, string file);
}
