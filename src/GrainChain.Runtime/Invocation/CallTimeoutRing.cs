namespace GrainChain.Runtime.Invocation;

/// <summary>
/// One thread's most recent calls, for <see cref="CallTimeoutTracker"/>: a fixed array that only its thread writes
/// and that sweeps read without locking. A torn read is harmless, because a sweep checks every call it finds against
/// the request's own completion word before acting on it.
/// </summary>
internal sealed class CallTimeoutRing
{
    private const int Size = 1024;

    private static readonly Lock RegistryGate = new();
    private static CallTimeoutRing[] s_all = [];

    [ThreadStatic]
    private static CallTimeoutRing? t_ring;

    private readonly Entry[] _entries = new Entry[Size];
    private readonly Thread _owner;
    private int _next;

    private CallTimeoutRing(Thread owner) => _owner = owner;

    /// <summary>Every ring of a live thread (and of dead threads until their calls are moved away).</summary>
    public static CallTimeoutRing[] All => Volatile.Read(ref s_all);

    public static CallTimeoutRing ForCurrentThread() => t_ring ?? Register();

    private static CallTimeoutRing Register()
    {
        var ring = new CallTimeoutRing(Thread.CurrentThread);
        lock (RegistryGate)
        {
            PruneDeadThreads();
            Volatile.Write(ref s_all, [.. s_all, ring]);
        }
        t_ring = ring;
        return ring;
    }

    /// <summary>Records a call; the call this slot held before moves to its tracker's overflow if still pending.</summary>
    public void Add(GrainRequest request, long pendingCompletion)
    {
        ref var slot = ref _entries[_next];
        _next = (_next + 1) & (Size - 1);
        MoveIfPending(slot);
        slot.Completion = pendingCompletion;
        Volatile.Write(ref slot.Request, request);
    }

    public void Sweep(CallTimeoutTracker tracker, long now, ref List<GrainRequest>? expired)
    {
        var entries = _entries;
        for (int i = 0; i < entries.Length; i++)
        {
            var request = Volatile.Read(ref entries[i].Request);
            if (request is not null)
            {
                tracker.IsSettled(new Entry(request, entries[i].Completion), now, ref expired);
            }
        }
    }

    private static void MoveIfPending(in Entry entry)
    {
        var request = entry.Request;
        if (request is not null
            && request.PendingCompletion == entry.Completion
            && Volatile.Read(ref request.TrackedCompletion) == entry.Completion)
        {
            // A stale tracker here only adds an entry that its sweep drops as settled.
            request.TimeoutTracker?.AddOverflow(entry);
        }
    }

    // Called under RegistryGate, so that rings of exited threads (nobody writes them any more) do not pile up.
    private static void PruneDeadThreads()
    {
        var all = s_all;
        if (Array.TrueForAll(all, static r => r._owner.IsAlive))
        {
            return;
        }
        foreach (var ring in all)
        {
            if (!ring._owner.IsAlive)
            {
                foreach (var entry in ring._entries)
                {
                    MoveIfPending(entry);
                }
            }
        }
        s_all = Array.FindAll(all, static r => r._owner.IsAlive);
    }

    /// <summary>A call as a ring saw it: the request and its pending completion value at the time.</summary>
    internal struct Entry(GrainRequest? request, long completion)
    {
        public GrainRequest? Request = request;
        public long Completion = completion;
    }
}
