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
    // Bounds on one transaction made of several puts: enough to absorb a burst, small enough not to hold the write
    // lock, and the grain state writer waiting for it, for long.
    : SqliteSessionWriter<SqliteBlockPut, SqliteBlockSession>(dataSource, "GrainChain SQLite block writer", "block writer", 16L << 20)
{
    /// <summary>Queues <paramref name="blocks"/>; the task completes once the transaction storing them is committed.</summary>
    public Task PutAsync(List<ArchivedBlock> blocks, CancellationToken cancellationToken) =>
        WriteAsync(new SqliteBlockPut(blocks, cancellationToken), cancellationToken);

    protected override SqliteBlockSession OpenSession() => SqliteBlockSession.Open(DataSource);

    protected override void LogFailed(List<SqliteBlockPut> batch, Exception error) =>
        LogPutFailed(logger, error, batch.Sum(p => p.Blocks.Count), DataSource.FilePath);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store {Count} blocks in the SQLite database {File}")]
    private static partial void LogPutFailed(ILogger logger, Exception exception, int count, string file);
}
