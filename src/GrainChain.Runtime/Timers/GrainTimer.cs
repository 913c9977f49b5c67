using GrainChain.Runtime.Activation;
using GrainChain.Runtime.Diagnostics;

namespace GrainChain.Runtime.Timers;

/// <summary>
/// A grain timer: the runtime's TimeProvider fires it, the tick runs as a turn of the activation, and only after the
/// tick finished is the next one armed, so ticks of one timer never overlap.
/// </summary>
internal sealed class GrainTimer<TState> : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly GrainTimerRegistry _registry;
    private readonly Func<TState, CancellationToken, Task> _callback;
    private readonly TState _state;
    private readonly bool _interleave;
    private readonly bool _keepAlive;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private TimeSpan _period;
    private TimeSpan? _dueAfterTick;
    private bool _ticking;

    public GrainTimer(ActivationData activation, GrainTimerRegistry registry, Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ValidatePeriod(options.Period);
        _activation = activation;
        _registry = registry;
        _callback = callback;
        _state = state;
        _interleave = options.Interleave;
        _keepAlive = options.KeepAlive;
        _period = options.Period;
        _timer = activation.Runtime.TimeProvider.CreateTimer(static s => ((GrainTimer<TState>)s!).OnFired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(options.DueTime, Timeout.InfiniteTimeSpan);
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ValidatePeriod(period);
        lock (_gate)
        {
            _period = period;
            if (_ticking)
            {
                _dueAfterTick = dueTime;
                return;
            }
        }
        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        _disposed.Cancel();
        _timer.Dispose();
        _registry.Remove(this);
    }

    private void OnFired()
    {
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested || _ticking)
            {
                return;
            }
            _ticking = true;
        }
        _ = TickAsync();
    }

    private async Task TickAsync()
    {
        try
        {
            await _activation.RunTurnAsync(static s => s._callback(s._state, s._disposed.Token), this, _interleave, _keepAlive);
        }
        catch (Exception exception) when (!_disposed.IsCancellationRequested)
        {
            _activation.Runtime.Logger.TimerTickFailed(exception, _activation.GrainId);
        }
        catch (Exception)
        {
            // A tick cut short by disposal or deactivation is expected.
        }

        TimeSpan next;
        lock (_gate)
        {
            _ticking = false;
            if (_disposed.IsCancellationRequested)
            {
                return;
            }
            next = _dueAfterTick ?? _period;
            _dueAfterTick = null;
        }
        if (next != Timeout.InfiniteTimeSpan)
        {
            _timer.Change(next, Timeout.InfiniteTimeSpan);
        }
    }

    private static void ValidatePeriod(TimeSpan period)
    {
        if (period != Timeout.InfiniteTimeSpan && period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A timer period is positive, or Timeout.InfiniteTimeSpan for a single tick.");
        }
    }
}
