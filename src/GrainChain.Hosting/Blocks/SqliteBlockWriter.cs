using System.Collections.Concurrent;
using GrainChain.Hosting.Sqlite;
using Microsoft.Extensions.Logging;

namespace GrainChain.Hosting.Blocks;

/// <summary>
/// The one writer of blocks to a SQLite file in this process: a dedicated thread takes every queued put, stores
/// them all in one transaction on its own connection, commits, and only then completes each caller. No thread-pool
/// thread ever waits for SQLite's write lock (held at times by the grain state writer, or by another silo process on
/// the same file); puts arriving together, as when many nodes of a silo store the same new block, share one COMMIT.
/// </summary>
internal sealed partial class SqliteBlockWriter : IDisposable
{
    // Bounds on one transaction made of several puts (a single put is never split): enough to absorb a burst, small
    // enough not to hold the write lock, and the grain state writer waiting for it, for long.
    private const long MaxBatchBytes = 16L << 20;

    private readonly SqliteDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly BlockingCollection<SqliteBlockPut> _queue = new();
    private readonly Thread _thread;
    private int _disposed;

    public SqliteBlockWriter(SqliteDataSource dataSource, ILogger<SqliteBlockWriter> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "GrainChain SQLite block writer" };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="blocks"/>; the task completes once the transaction storing them is committed.</summary>
    public Task PutAsync(List<ArchivedBlock> blocks, CancellationToken cancellationToken)
    {
        var put = new SqliteBlockPut(blocks, cancellationToken);
        try
        {
            _queue.Add(put, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(SqliteBlockWriter), $"the block writer of {_dataSource.FilePath} has stopped");
        }

        return cancellationToken.CanBeCanceled ? put.Done.WaitAsync(cancellationToken) : put.Done;
    }

    /// <summary>Stores what is queued, then stops the thread and closes the connection.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    private void Run()
    {
        SqliteBlockSession? session = null;
        var batch = new List<SqliteBlockPut>();
        try
        {
            foreach (var first in _queue.GetConsumingEnumerable())
            {
                batch.Add(first);
                var bytes = first.Size;
                while (bytes < MaxBatchBytes && _queue.TryTake(out var next))
                {
                    batch.Add(next);
                    bytes += next.Size;
                }

                batch.RemoveAll(put => put.CancelIfRequested());
                if (batch.Count == 0) continue;
                try
                {
                    session ??= SqliteBlockSession.Open(_dataSource);
                    session.Apply(batch);
                    foreach (var put in batch) put.Complete();
                }
                catch (Exception e)
                {
                    // The connection may be unusable (file gone, disk full): fail these puts and start afresh.
                    LogPutFailed(_logger, e, batch.Sum(p => p.Blocks.Count), _dataSource.FilePath);
                    foreach (var put in batch) put.Fail(e);
                    session?.Dispose();
                    session = null;
                }

                batch.Clear();
            }
        }
        finally
        {
            session?.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store {Count} blocks in the SQLite database {File}")]
    private static partial void LogPutFailed(ILogger logger, Exception exception, int count, string file);
}
