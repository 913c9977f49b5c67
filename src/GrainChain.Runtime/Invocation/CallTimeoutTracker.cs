namespace GrainChain.Runtime.Invocation;

/// <summary>
/// Fails calls whose response is late. Requests sit in a few lock-striped intrusive lists (no allocation per call);
/// a periodic tick of the runtime's <see cref="TimeProvider"/> sweeps them. Deadlines are counted in ticks, so a
/// call times out between its timeout and its timeout plus one tick.
/// </summary>
internal sealed class CallTimeoutTracker : IDisposable
{
    private readonly Shard[] _shards;
    private readonly TimeSpan _tickPeriod;
    private readonly ITimer _timer;
    private long _currentTick;

    public CallTimeoutTracker(TimeProvider timeProvider, TimeSpan shortestTimeout)
    {
        int count = 8;
        while (count < Environment.ProcessorCount * 2)
        {
            count *= 2;
        }
        _shards = new Shard[count];
        for (int i = 0; i < count; i++)
        {
            _shards[i] = new Shard();
        }
        var quarter = shortestTimeout / 4;
        _tickPeriod = quarter < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10)
            : quarter > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : quarter;
        _timer = timeProvider.CreateTimer(static s => ((CallTimeoutTracker)s!).Sweep(), this, _tickPeriod, _tickPeriod);
    }

    public void Track(GrainRequest request, TimeSpan timeout)
    {
        long ticks = (long)Math.Ceiling(timeout / _tickPeriod);
        request.TimeoutDeadlineTick = Volatile.Read(ref _currentTick) + Math.Max(1, ticks);
        request.TimeoutDuration = timeout;
        var shard = _shards[Environment.CurrentManagedThreadId & (_shards.Length - 1)];
        lock (shard)
        {
            request.TimeoutShard = shard;
            request.TimeoutPrevious = shard.Tail;
            request.TimeoutNext = null;
            if (shard.Tail is null)
            {
                shard.Head = request;
            }
            else
            {
                shard.Tail.TimeoutNext = request;
            }
            shard.Tail = request;
        }
    }

    public void Untrack(GrainRequest request)
    {
        var shard = Volatile.Read(ref request.TimeoutShard);
        if (shard is null)
        {
            return;
        }
        lock (shard)
        {
            if (request.TimeoutShard == shard)
            {
                Unlink(shard, request);
            }
        }
    }

    /// <summary>Times out every request whose deadline has passed.</summary>
    internal void Sweep()
    {
        long now = Interlocked.Increment(ref _currentTick);
        List<GrainRequest>? expired = null;
        foreach (var shard in _shards)
        {
            lock (shard)
            {
                var request = shard.Head;
                while (request is not null)
                {
                    var next = request.TimeoutNext;
                    if (request.TimeoutDeadlineTick <= now)
                    {
                        Unlink(shard, request);
                        if (request.TryClaimForTimeout())
                        {
                            (expired ??= []).Add(request);
                        }
                    }
                    request = next;
                }
            }
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

    private static void Unlink(Shard shard, GrainRequest request)
    {
        var previous = request.TimeoutPrevious;
        var next = request.TimeoutNext;
        if (previous is null)
        {
            shard.Head = next;
        }
        else
        {
            previous.TimeoutNext = next;
        }
        if (next is null)
        {
            shard.Tail = previous;
        }
        else
        {
            next.TimeoutPrevious = previous;
        }
        request.TimeoutPrevious = null;
        request.TimeoutNext = null;
        request.TimeoutShard = null;
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>One lock stripe: a doubly linked list of tracked requests.</summary>
    internal sealed class Shard
    {
        public GrainRequest? Head;
        public GrainRequest? Tail;
    }
}
