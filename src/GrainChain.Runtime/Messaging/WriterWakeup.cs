using System.Threading.Tasks.Sources;

namespace GrainChain.Runtime.Messaging;

/// <summary>
/// A reusable wake-up for the single writer loop, so an idle-to-busy transition allocates nothing. The owner arms
/// it and signals it under its own lock, at most once per arming; continuations never run on the signalling sender.
/// </summary>
/// <remarks>
/// A signal puts the writer at the back of the thread pool's global queue rather than on the signalling thread's
/// local queue: the local queue runs last-in first-out, so the writer would run right after the first frame of a
/// burst (one socket send per frame). Behind the work already queued, the rest of the burst (the other turns'
/// responses, say) joins the same send. Measured at 125,000 cross-silo calls/s: about 30% less CPU per call and a
/// p90 latency of 0.25 ms instead of 1.4 ms.
/// </remarks>
internal sealed class WriterWakeup : IValueTaskSource, IThreadPoolWorkItem
{
    // Completion runs the writer inline: it is only ever set from this object's own thread-pool work item.
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = false };

    /// <summary>Prepares a new wait; call only when the previous wait has completed.</summary>
    public ValueTask Arm()
    {
        _core.Reset();
        return new ValueTask(this, _core.Version);
    }

    public void Signal() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    void IThreadPoolWorkItem.Execute() => _core.SetResult(true);

    public void GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
