namespace GrainChain.Hosting.Sqlite;

/// <summary>
/// A group-commit writer whose session applies a whole batch or nothing (the block and pending writers): a batch of
/// queued requests is one transaction, and every request of it completes after the COMMIT, or fails with the error
/// that stopped it. A single request is never split: <c>maxBytes</c> bounds how many requests share a transaction.
/// <c>writerName</c> names the writer in the error a request queued after it stopped gets.
/// </summary>
internal abstract class SqliteSessionWriter<TItem, TSession>(
    SqliteDataSource dataSource, string threadName, string writerName, long maxBytes)
    : SqliteGroupCommitWriter<TItem, TSession>(dataSource, threadName, int.MaxValue, maxBytes)
    where TItem : SqliteQueuedWrite
    where TSession : SqliteWriteSession<TItem>
{
    /// <summary>Queues <paramref name="item"/>; the task completes once the transaction applying it is committed.</summary>
    public Task WriteAsync(TItem item, CancellationToken cancellationToken)
    {
        Enqueue(item, writerName);
        return cancellationToken.CanBeCanceled ? item.Done.WaitAsync(cancellationToken) : item.Done;
    }

    /// <summary>Logs the failure of a batch, before its requests fail.</summary>
    protected abstract void LogFailed(List<TItem> batch, Exception error);

    protected sealed override long SizeOf(TItem item) => item.Size;

    protected sealed override bool Abandoned(TItem item) => item.CancelIfRequested();

    protected sealed override void Commit(TSession session, List<TItem> batch)
    {
        session.Apply(batch);
        foreach (var item in batch) item.Complete();
    }

    protected sealed override void Fail(List<TItem> batch, Exception error)
    {
        LogFailed(batch, error);
        foreach (var item in batch) item.Fail(error);
    }
}
