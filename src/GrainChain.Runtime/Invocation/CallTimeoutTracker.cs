namespace GrainChain.Runtime.Invocation;

/// <summary>
/// Fails calls whose response is late, without a lock or an allocation per call. Each sending thread writes its
/// calls into its own <see cref="CallTimeoutRing"/>; a periodic tick of the runtime's <see cref="TimeProvider"/>
/// scans every ring and claims the calls of this runtime whose deadline has passed. Deadlines are counted in ticks,
/// so a call times out between its timeout and its timeout plus one tick.
/// </summary>
/// <remarks>
/// Completion stays race-free because a sweep claims a call only by a compare-and-swap on the request's completion
/// word from the exact pending value it saw (incarnation included): a call that was answered, or a pooled request
/// that now carries another call, can never be claimed. A call still pending when its ring slot is reused is moved
/// to this tracker's overflow list, the only place that takes a lock, and only for calls that are genuinely slow.
/// </remarks>
internal sealed class CallTimeoutTracker : IDisposable
{
    private readonly TimeSpan _tickPeriod;
    private readonly ITimer _timer;
    private readonly List<CallTimeoutRing.Entry> _overflow = [];
    private long _currentTick;

    public CallTimeoutTracker(TimeProvider timeProvider, TimeSpan shortestTimeout)
    {
        var quarter = shortestTimeout / 4;
        _tickPeriod = quarter < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10)
            : quarter > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : quarter;
        _timer = timeProvider.CreateTimer(static s => ((CallTimeoutTracker)s!).Sweep(), this, _tickPeriod, _tickPeriod);
    }

    /// <summary>Starts the clock of a prepared, still pending request.</summary>
    public void Track(GrainRequest request, TimeSpan timeout)
    {
        long ticks = (long)Math.Ceiling(timeout / _tickPeriod);
        request.TimeoutTracker = this;
        request.TimeoutDeadlineTick = Volatile.Read(ref _currentTick) + Math.Max(1, ticks);
        request.TimeoutDuration = timeout;
        long pending = request.PendingCompletion;
        Volatile.Write(ref request.TrackedCompletion, pending);
        CallTimeoutRing.ForCurrentThread().Add(request, pending);
    }

    /// <summary>Keeps a call whose ring slot is being reused while it is still pending.</summary>
    internal void AddOverflow(in CallTimeoutRing.Entry entry)
    {
        lock (_overflow)
        {
            _overflow.Add(entry);
        }
    }

    /// <summary>Times out every request of this runtime whose deadline has passed.</summary>
    internal void Sweep()
    {
        long now = Interlocked.Increment(ref _currentTick);
        List<GrainRequest>? expired = null;
        foreach (var ring in CallTimeoutRing.All)
        {
            ring.Sweep(this, now, ref expired);
        }
        lock (_overflow)
        {
            _overflow.RemoveAll(entry => IsSettled(entry, now, ref expired));
        }
        if (expired is null)
        {
            return;
        }
        foreach (var request in expired)
        {
            request.CompleteTimedOut();
        }
    }

    /// <summary>
    /// True when the entry no longer needs watching: its call was answered, or belongs to another runtime, or has
    /// just been claimed for a timeout (and added to <paramref name="expired"/>).
    /// </summary>
    internal bool IsSettled(in CallTimeoutRing.Entry entry, long now, ref List<GrainRequest>? expired)
    {
        var request = entry.Request;
        long pending = entry.Completion;
        if (request is null || request.PendingCompletion != pending || Volatile.Read(ref request.TrackedCompletion) != pending)
        {
            return true;
        }
        // Both reads matched, so these fields belong to the call in the entry; the compare-and-swap below fails if
        // the call has moved on since.
        if (!ReferenceEquals(request.TimeoutTracker, this))
        {
            return true;
        }
        if (request.TimeoutDeadlineTick > now)
        {
            return false;
        }
        if (request.TryClaimForTimeout(pending))
        {
            (expired ??= []).Add(request);
        }
        return true;
    }

    public void Dispose() => _timer.Dispose();
}
