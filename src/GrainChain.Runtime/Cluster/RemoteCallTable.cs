using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Cluster;

/// <summary>
/// Calls sent to another silo (or, in a client, to a gateway) that await their response frame, by call id. The
/// table holds the executing side's share of each request: the response, a rejection, or the end of the connection
/// releases it, and a sweep releases calls whose caller has already timed out and whose response never came.
/// </summary>
/// <remarks>
/// Striped plain dictionaries under short locks instead of one concurrent dictionary: a concurrent dictionary
/// allocates a node per entry (one per call here), a plain one reuses its entry array. Consecutive call ids land in
/// different stripes, so the callers adding and the read loop taking rarely meet on one lock.
/// </remarks>
internal sealed class RemoteCallTable
{
    private const int StripeCount = 16;
    private readonly Stripe[] _stripes;
    private long _nextCallId;

    // Set while someone waits for the table to drain; only then does taking a call look at the whole table.
    private volatile TaskCompletionSource? _drainWaiter;

    public RemoteCallTable()
    {
        _stripes = new Stripe[StripeCount];
        for (int i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new Stripe();
        }
    }

    /// <summary>A call on its way: the request, where it went, and the connection it went on.</summary>
    internal readonly record struct PendingCall(GrainRequest Request, SiloAddress? Target, object Connection, int Attempt);

    public int Count
    {
        get
        {
            int count = 0;
            foreach (var stripe in _stripes)
            {
                lock (stripe.Gate)
                {
                    count += stripe.Calls.Count;
                }
            }
            return count;
        }
    }

    /// <summary>Records a call before its frame is sent (the response can arrive before Send returns).</summary>
    public long Add(GrainRequest request, SiloAddress? target, object connection, int attempt)
    {
        long callId = Interlocked.Increment(ref _nextCallId);
        var stripe = StripeOf(callId);
        lock (stripe.Gate)
        {
            stripe.Calls[callId] = new PendingCall(request, target, connection, attempt);
        }
        return callId;
    }

    /// <summary>Takes the call for its response; false when it is unknown (already failed, or a forged id).</summary>
    public bool TryTake(long callId, out PendingCall call)
    {
        var stripe = StripeOf(callId);
        bool taken;
        lock (stripe.Gate)
        {
            taken = stripe.Calls.Remove(callId, out call);
        }
        if (_drainWaiter is not null)
        {
            CheckDrained();
        }
        return taken;
    }

    /// <summary>
    /// Completes once no call is waiting for a response (calls whose caller already timed out do not count). Calls
    /// added meanwhile are waited for too; callers stop adding first.
    /// </summary>
    public Task WhenDrainedAsync()
    {
        var waiter = _drainWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        CheckDrained();
        return waiter.Task;
    }

    private void CheckDrained()
    {
        if (_drainWaiter is not { } waiter)
        {
            return;
        }
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                foreach (var call in stripe.Calls.Values)
                {
                    if (!call.Request.IsCompleted)
                    {
                        return;
                    }
                }
            }
        }
        waiter.TrySetResult();
    }

    /// <summary>Puts back a call taken by mistake (a frame that named it arrived on another connection).</summary>
    public void Restore(long callId, PendingCall call)
    {
        var stripe = StripeOf(callId);
        lock (stripe.Gate)
        {
            stripe.Calls.TryAdd(callId, call);
        }
    }

    /// <summary>Takes every call sent on <paramref name="connection"/>, which has closed.</summary>
    public List<PendingCall> TakeAll(object connection) => TakeWhere(static (call, connection) => ReferenceEquals(call.Connection, connection), connection);

    /// <summary>Takes every call still pending (the silo or client is stopping).</summary>
    public List<PendingCall> TakeAll() => TakeWhere(static (_, _) => true, null);

    /// <summary>Drops calls whose caller has given up (timed out), releasing their requests; returns how many.</summary>
    public int SweepAbandoned()
    {
        // A completed request in this table can only have been completed by its timeout: responses remove first.
        var abandoned = TakeWhere(static (call, _) => call.Request.IsCompleted, null);
        foreach (var call in abandoned)
        {
            call.Request.DropAbandoned();
        }
        return abandoned.Count;
    }

    private List<PendingCall> TakeWhere(Func<PendingCall, object?, bool> predicate, object? state)
    {
        var taken = new List<PendingCall>();
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                foreach (var (id, call) in stripe.Calls)
                {
                    if (predicate(call, state))
                    {
                        taken.Add(call);
                        // Removing the current entry while enumerating is allowed for Dictionary (no version bump).
                        stripe.Calls.Remove(id);
                    }
                }
            }
        }
        if (_drainWaiter is not null)
        {
            CheckDrained();
        }
        return taken;
    }

    private Stripe StripeOf(long callId) => _stripes[(int)(callId & (StripeCount - 1))];

    /// <summary>One lock and the calls whose ids fall to it.</summary>
    private sealed class Stripe
    {
        public readonly Lock Gate = new();
        public readonly Dictionary<long, PendingCall> Calls = [];
    }
}
