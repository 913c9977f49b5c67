using System.Collections.Concurrent;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Cluster;

/// <summary>
/// Calls sent to another silo (or, in a client, to a gateway) that await their response frame, by call id. The
/// table holds the executing side's share of each request: the response, a rejection, or the end of the connection
/// releases it, and a sweep releases calls whose caller has already timed out and whose response never came.
/// </summary>
internal sealed class RemoteCallTable
{
    private readonly ConcurrentDictionary<long, PendingCall> _calls = new();
    private long _nextCallId;

    /// <summary>A call on its way: the request, where it went, and the connection it went on.</summary>
    internal readonly record struct PendingCall(GrainRequest Request, SiloAddress? Target, object Connection, int Attempt);

    public int Count => _calls.Count;

    /// <summary>Records a call before its frame is sent (the response can arrive before Send returns).</summary>
    public long Add(GrainRequest request, SiloAddress? target, object connection, int attempt)
    {
        long callId = Interlocked.Increment(ref _nextCallId);
        _calls[callId] = new PendingCall(request, target, connection, attempt);
        return callId;
    }

    /// <summary>Takes the call for its response; false when it is unknown (already failed, or a forged id).</summary>
    public bool TryTake(long callId, out PendingCall call) => _calls.TryRemove(callId, out call);

    /// <summary>Puts back a call taken by mistake (a frame that named it arrived on another connection).</summary>
    public void Restore(long callId, PendingCall call) => _calls.TryAdd(callId, call);

    /// <summary>Takes every call sent on <paramref name="connection"/>, which has closed.</summary>
    public List<PendingCall> TakeAll(object connection)
    {
        var taken = new List<PendingCall>();
        foreach (var (id, call) in _calls)
        {
            if (ReferenceEquals(call.Connection, connection) && _calls.TryRemove(id, out var removed))
            {
                taken.Add(removed);
            }
        }
        return taken;
    }

    /// <summary>Takes every call still pending (the silo or client is stopping).</summary>
    public List<PendingCall> TakeAll()
    {
        var taken = new List<PendingCall>();
        foreach (var id in _calls.Keys)
        {
            if (_calls.TryRemove(id, out var removed))
            {
                taken.Add(removed);
            }
        }
        return taken;
    }

    /// <summary>Drops calls whose caller has given up (timed out), releasing their requests; returns how many.</summary>
    public int SweepAbandoned()
    {
        int dropped = 0;
        foreach (var (id, call) in _calls)
        {
            // A completed request in this table can only have been completed by its timeout: responses remove first.
            if (call.Request.IsCompleted && _calls.TryRemove(id, out var removed))
            {
                removed.Request.DropAbandoned();
                dropped++;
            }
        }
        return dropped;
    }
}
