namespace GrainChain.Hosting.Sqlite;

/// <summary>
/// One caller's request waiting for a <see cref="SqliteSessionWriter{TItem,TSession}"/>: the task the caller awaits,
/// completed after the COMMIT that applied the request, and the caller's token, which drops the request if it is
/// cancelled before its batch begins.
/// </summary>
internal abstract class SqliteQueuedWrite(CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>About how many bytes the request writes: bounds how many requests share one transaction.</summary>
    public abstract long Size { get; }

    public Task Done => _done.Task;

    /// <summary>Ends the request as cancelled, before it is applied, if its caller has cancelled.</summary>
    public bool CancelIfRequested() => cancellationToken.IsCancellationRequested && _done.TrySetCanceled(cancellationToken);

    public void Complete() => _done.TrySetResult();

    public void Fail(Exception exception) => _done.TrySetException(exception);
}
