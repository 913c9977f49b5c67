namespace GrainChain.Cli.Tests.EndToEnd;

/// <summary>
/// Waiting on a condition with a deadline: the call is repeated until its answer satisfies the condition. A failed
/// call, or one not answered within <see cref="AttemptTimeout"/> (a call sent toward a silo as it died), is "not yet".
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The first answer that satisfies <paramref name="done"/>; false with the last answer or failure when the deadline passed.</summary>
    public static async Task<(bool Done, T? Answer, string? LastFailure)> UntilAsync<T>(Func<Task<T>> call, Func<T, bool> done, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        // A short pace between tries, so that a call failing fast against a dead silo does not spin on the survivors.
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        T? last = default;
        string? failure = null;
        while (true)
        {
            try
            {
                last = await call().WaitAsync(AttemptTimeout, timeout.Token);
                if (done(last)) return (true, last, null);
                failure = null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !timeout.IsCancellationRequested)
            {
                failure = $"{e.GetType().Name}: {e.Message}";
            }

            try
            {
                await pace.WaitForNextTickAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return (false, last, failure);
            }
        }
    }
}
