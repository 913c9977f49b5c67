using System.Collections.Concurrent;

namespace GrainChain.Hosting.Sqlite;

/// <summary>
/// Group commit on a SQLite file: one dedicated thread per writer takes everything queued (up to the batch bounds),
/// hands it to its session to apply in one transaction on the thread's own connection, and starts a fresh session
/// when a batch fails. Callers queue and await; no thread-pool thread ever waits for SQLite's write lock.
/// </summary>
/// <typeparam name="TItem">One caller's request, completed by <see cref="Commit"/> or <see cref="Fail"/>.</typeparam>
/// <typeparam name="TSession">The thread's connection and statements.</typeparam>
internal abstract class SqliteGroupCommitWriter<TItem, TSession> : IDisposable
    where TSession : class, IDisposable
{
    private readonly BlockingCollection<TItem> _queue = new();
    private readonly Thread _thread;
    private readonly int _maxItems;
    private readonly long _maxBytes;
    private int _disposed;

    protected SqliteGroupCommitWriter(SqliteDataSource dataSource, string threadName, int maxItems, long maxBytes)
    {
        DataSource = dataSource;
        _maxItems = maxItems;
        _maxBytes = maxBytes;
        _thread = new Thread(Run) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    protected SqliteDataSource DataSource { get; }

    /// <summary>Queues an item; throws <see cref="ObjectDisposedException"/> once the writer has stopped.</summary>
    protected void Enqueue(TItem item, string writerName)
    {
        try
        {
            _queue.Add(item, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(writerName, $"the {writerName} of {DataSource.FilePath} has stopped");
        }
    }

    protected abstract long SizeOf(TItem item);

    /// <summary>True when the item's caller gave up before its batch began: it is dropped.</summary>
    protected virtual bool Abandoned(TItem item) => false;

    protected abstract TSession OpenSession();

    /// <summary>Applies and commits the batch in one transaction, then completes each item.</summary>
    protected abstract void Commit(TSession session, List<TItem> batch);

    /// <summary>Fails every item of a batch whose transaction failed (already logged by the implementation).</summary>
    protected abstract void Fail(List<TItem> batch, Exception error);

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
        TSession? session = null;
        var batch = new List<TItem>();
        try
        {
            foreach (var first in _queue.GetConsumingEnumerable())
            {
                batch.Add(first);
                var bytes = SizeOf(first);
                while (batch.Count < _maxItems && bytes < _maxBytes && _queue.TryTake(out var next))
                {
                    batch.Add(next);
                    bytes += SizeOf(next);
                }

                batch.RemoveAll(Abandoned);
                if (batch.Count == 0) continue;
                try
                {
                    session ??= OpenSession();
                    Commit(session, batch);
                }
                catch (Exception e)
                {
                    // The connection may be unusable (file gone, disk full): fail this batch and start afresh.
                    Fail(batch, e);
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
}
