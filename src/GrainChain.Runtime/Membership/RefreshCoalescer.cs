namespace GrainChain.Runtime.Membership;

/// <summary>
/// Runs a refresh on request, coalescing bursts: at most one run in flight plus one pending run that every request
/// arriving meanwhile shares. A request is always answered by a run that started after it was made, so its caller
/// sees a read at least as new as the moment it asked.
/// </summary>
internal sealed class RefreshCoalescer<T>(Func<Task<T>> run)
{
    private readonly Lock _gate = new();
    private bool _running;
    private TaskCompletionSource<T>? _pending;

    /// <summary>Completes with the result of the next run to start; faults when that run throws.</summary>
    public Task<T> RequestAsync()
    {
        TaskCompletionSource<T> next;
        lock (_gate)
        {
            if (_pending is { } pending)
            {
                return pending.Task;
            }

            next = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_running)
            {
                _pending = next;
                return next.Task;
            }

            _running = true;
        }

        // Off the caller's thread: a caller may be inside a grain turn, and the refresh raises view handlers that
        // make calls of their own, which must not count as that grain's calls.
        _ = Task.Run(() => RunAsync(next));
        return next.Task;
    }

    private async Task RunAsync(TaskCompletionSource<T> current)
    {
        while (true)
        {
            try
            {
                current.TrySetResult(await run().ConfigureAwait(false));
            }
            catch (Exception exception)
            {
                current.TrySetException(exception);
            }

            lock (_gate)
            {
                if (_pending is null)
                {
                    _running = false;
                    return;
                }

                current = _pending;
                _pending = null;
            }
        }
    }
}
