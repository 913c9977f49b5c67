using GrainChain.Hosting.Sqlite;
using Microsoft.Extensions.Logging;

namespace GrainChain.Hosting.Blocks;

/// <summary>
/// The one writer of blocks to a SQLite file in this process: a dedicated thread takes every queued put, stores
/// them all in one transaction on its own connection, commits, and only then completes each caller. No thread-pool
/// thread ever waits for SQLite's write lock (held at times by the grain state writer, or by another silo process on
/// the same file); puts arriving together, as when many nodes of a silo store the same new block, share one COMMIT.
/// </summary>
internal sealed partial class SqliteBlockWriter(SqliteDataSource dataSource, ILogger<SqliteBlockWriter> logger)
    // Bounds on one transaction made of several puts (a single put is never split): enough to absorb a burst, small
    // enough not to hold the write lock, and the grain state writer waiting for it, for long.
    : SqliteGroupCommitWriter<SqliteBlockPut, SqliteBlockSession>(dataSource, "GrainChain SQLite block writer", int.MaxValue, 16L << 20)
{
    /// <summary>Queues <paramref name="blocks"/>; the task completes once the transaction storing them is committed.</summary>
    public Task PutAsync(List<ArchivedBlock> blocks, CancellationToken cancellationToken)
    {
        var put = new SqliteBlockPut(blocks, cancellationToken);
        Enqueue(put, "block writer");
        return cancellationToken.CanBeCanceled ? put.Done.WaitAsync(cancellationToken) : put.Done;
    }

    protected override long SizeOf(SqliteBlockPut item) => item.Size;

    protected override bool Abandoned(SqliteBlockPut item) => item.CancelIfRequested();

    protected override SqliteBlockSession OpenSession() => SqliteBlockSession.Open(DataSource);

    protected override void Commit(SqliteBlockSession session, List<SqliteBlockPut> batch)
    {
        session.Apply(batch);
        foreach (var put in batch) put.Complete();
    }

    protected override void Fail(List<SqliteBlockPut> batch, Exception error)
    {
        LogPutFailed(logger, error, batch.Sum(p => p.Blocks.Count), DataSource.FilePath);
        foreach (var put in batch) put.Fail(error);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store {Count} blocks in the SQLite database {File}")]
    private static partial void LogPutFailed(ILogger logger, Exception exception, int count, string file);
}
