namespace GrainChain.Cluster.Tests.Support;

/// <summary>Bounded polling of a condition other processes bring about (a table row, a view); never a bare sleep.</summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Reads until <paramref name="done"/> holds and returns that reading; times out naming the last one seen.</summary>
    public static async Task<T> UntilAsync<T>(
        string what, TimeSpan timeout, Func<CancellationToken, Task<T>> read, Func<T, bool> done, Func<T, string> describe)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var last = "nothing read yet";
        Exception? lastFailure = null;
        while (true)
        {
            try
            {
                var value = await read(deadline.Token);
                if (done(value))
                {
                    return value;
                }
                last = describe(value);
                lastFailure = null;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
            }
            catch (Exception exception) when (!deadline.IsCancellationRequested)
            {
                // Another process may hold the file or be mid-change: keep polling, report it if it never clears.
                lastFailure = exception;
            }
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{what} did not happen within {timeout}; last seen: {last}", lastFailure);
            }
            try
            {
                await Task.Delay(Interval, deadline.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
