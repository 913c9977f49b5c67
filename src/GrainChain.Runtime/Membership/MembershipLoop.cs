using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Membership;

/// <summary>
/// Runs one membership step periodically on a <see cref="TimeProvider"/> timer: never two runs at once, the next
/// run due one period after the previous one started (at once when it overran), and a failing run is logged and
/// retried next period rather than ending the loop. A manual clock drives it deterministically in tests.
/// </summary>
internal sealed class MembershipLoop : IAsyncDisposable
{
    private readonly string _name;
    private readonly string _silo;
    private readonly TimeSpan _period;
    private readonly Func<CancellationToken, Task> _step;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private Task _running = Task.CompletedTask;
    private bool _stopped;

    public MembershipLoop(string name, string silo, TimeSpan period, Func<CancellationToken, Task> step, TimeProvider time, ILogger logger)
    {
        _name = name;
        _silo = silo;
        _period = period;
        _step = step;
        _time = time;
        _logger = logger;
        _timer = time.CreateTimer(static state => ((MembershipLoop)state!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Schedules the first run <paramref name="firstDue"/> from now.</summary>
    public void Start(TimeSpan firstDue)
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                _timer.Change(firstDue, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Cancels the running step, waits for it and schedules nothing more.</summary>
    public async ValueTask DisposeAsync()
    {
        Task running;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            running = _running;
        }

        await _stopping.CancelAsync();
        await _timer.DisposeAsync();

        // Never faults: RunAsync logs every failure and signals completion in its finally.
        await running;
        _stopping.Dispose();
    }

    private void OnDue()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _running = done.Task;
        }

        // Runs inline up to its first real wait: with a manual clock the whole step completes inside Advance,
        // which is what makes tests of the loops deterministic.
        _ = RunAsync(done);
    }

    private async Task RunAsync(TaskCompletionSource done)
    {
        try
        {
            var started = _time.GetTimestamp();
            try
            {
                await _step(_stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _logger.StepFailed(exception, _name, _silo);
            }

            var wait = _period - _time.GetElapsedTime(started);
            lock (_gate)
            {
                if (!_stopped)
                {
                    _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                }
            }
        }
        finally
        {
            done.TrySetResult();
        }
    }
}
