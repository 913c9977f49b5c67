using System.Collections.Concurrent;
using GrainChain.Hosting.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GrainChain.Hosting.Storage;

/// <summary>
/// The one writer of grain state to a SQLite file in this process, with group commit: a dedicated thread takes every
/// queued <see cref="StateCommand"/>, applies them in order in one transaction on its own connection, commits, and
/// only then completes each caller. One COMMIT (one WAL append, durable against a process kill under
/// synchronous=NORMAL) serves many grains, no thread-pool thread ever blocks on SQLite's write lock, and grains never
/// contend for it with each other. See Storage/README.md for the measurements behind this design.
/// </summary>
internal sealed partial class SqliteStateWriter : IDisposable
{
    // Bounds on one transaction: enough to absorb any realistic burst, small enough that a batch of large states
    // does not hold the write lock (and its callers) for long.
    private const int MaxBatchCommands = 1024;
    private const long MaxBatchBytes = 16L << 20;

    private readonly SqliteDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly BlockingCollection<StateCommand> _queue = new();
    private readonly Thread _thread;
    private int _disposed;

    public SqliteStateWriter(SqliteDataSource dataSource, ILogger<SqliteStateWriter> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "GrainChain SQLite state writer" };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="command"/>; the task completes once its batch is committed.</summary>
    public Task<StateOutcome> ApplyAsync(StateCommand command)
    {
        try
        {
            _queue.Add(command);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(SqliteStateWriter), $"the grain state writer of {_dataSource.FilePath} has stopped");
        }

        return command.Outcome;
    }

    /// <summary>Applies what is queued, then stops the thread and closes the connection.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    private void Run()
    {
        SqliteStateBatch? session = null;
        var batch = new List<StateCommand>();
        try
        {
            foreach (var first in _queue.GetConsumingEnumerable())
            {
                batch.Add(first);
                var bytes = (long)(first.Payload?.Length ?? 0);
                while (batch.Count < MaxBatchCommands && bytes < MaxBatchBytes && _queue.TryTake(out var next))
                {
                    batch.Add(next);
                    bytes += next.Payload?.Length ?? 0;
                }

                try
                {
                    session ??= SqliteStateBatch.Open(_dataSource);
                    session.Apply(batch);
                }
                catch (Exception e)
                {
                    // The connection may be unusable (file gone, disk full): fail this batch and start afresh.
                    LogBatchFailed(_logger, e, batch.Count, _dataSource.FilePath);
                    foreach (var command in batch) command.Fail(e);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} grain states to the SQLite database {File}")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count, string file);
}
