using System.Threading.Tasks.Sources;

namespace GrainChain.Runtime.Messaging;

/// <summary>
/// A reusable wake-up for the single writer loop, so an idle-to-busy transition allocates nothing. The owner arms
/// it and signals it under its own lock, at most once per arming; continuations never run on the signalling sender.
/// </summary>
internal sealed class WriterWakeup : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };

    /// <summary>Prepares a new wait; call only when the previous wait has completed.</summary>
    public ValueTask Arm()
    {
        _core.Reset();
        return new ValueTask(this, _core.Version);
    }

    public void Signal() => _core.SetResult(true);

    public void GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
