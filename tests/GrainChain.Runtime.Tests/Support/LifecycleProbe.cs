using System.Collections.Concurrent;
using GrainChain.Runtime;

namespace GrainChain.Runtime.Tests.Support;

/// <summary>
/// Registered as a singleton in one test's silo: grains report activations and deactivations to it, and tests await
/// those events instead of sleeping.
/// </summary>
public sealed class LifecycleProbe
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<DeactivationReason>> _deactivations = new();
    private int _activations;
    private int _deactivationCount;

    public int Activations => Volatile.Read(ref _activations);

    public int DeactivationCount => Volatile.Read(ref _deactivationCount);

    /// <summary>Makes OnActivateAsync of FlakyGrain throw while true.</summary>
    public volatile bool FailActivation;

    /// <summary>FlakyGrain's OnActivateAsync waits on this before deciding.</summary>
    public TaskCompletionSource ActivationGate { get; set; } = CompletedGate();

    public TaskCompletionSource ActivationStarted { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Activated() => Interlocked.Increment(ref _activations);

    public void Deactivated(string key, DeactivationReason reason)
    {
        Interlocked.Increment(ref _deactivationCount);
        Slot(key).TrySetResult(reason);
    }

    /// <summary>Completes when the grain with this key has been deactivated (the next time, after a Reset).</summary>
    public Task<DeactivationReason> WhenDeactivated(string key) => Slot(key).Task;

    public void Reset(string key) => _deactivations.TryRemove(key, out _);

    private TaskCompletionSource<DeactivationReason> Slot(string key) =>
        _deactivations.GetOrAdd(key, _ => new TaskCompletionSource<DeactivationReason>(TaskCreationOptions.RunContinuationsAsynchronously));

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }
}
