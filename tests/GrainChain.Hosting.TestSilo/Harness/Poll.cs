namespace GrainChain.Hosting.TestSilo.Harness;

/// <summary>
/// Repeats a call until its answer satisfies a condition or a deadline passes; failures count as "not yet", and so
/// does an attempt that has not answered within <see cref="AttemptTimeout"/>: a call sent toward a silo in the moment
/// it died can wait for Orleans' 30 s response timeout, and a caller that retries does not wait with it.
/// </summary>
public static class Poll
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    public static async Task<T?> UntilAsync<T>(Func<Task<T>> call, Func<T, bool> done, TimeSpan deadline)
        where T : class
    {
        using var timeout = new CancellationTokenSource(deadline);
        // A short pause between tries: a grain call to a dead silo fails fast, and polling without pause would
        // only load the survivors. The test waits for a condition, not for time.
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!timeout.IsCancellationRequested)
        {
            try
            {
                var answer = await call().WaitAsync(AttemptTimeout, timeout.Token);
                if (done(answer)) return answer;
            }
            catch (Exception e) when (e is not OperationCanceledException || !timeout.IsCancellationRequested)
            {
                // Not yet: the silo is not declared dead, or the gateway went with it.
            }

            try
            {
                await pace.WaitForNextTickAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return null;
    }
}
