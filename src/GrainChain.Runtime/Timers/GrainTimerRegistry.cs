using GrainChain.Runtime.Activation;

namespace GrainChain.Runtime.Timers;

/// <summary>The timers of one activation, so deactivation can stop them all.</summary>
internal sealed class GrainTimerRegistry(ActivationData activation)
{
    private readonly Lock _gate = new();
    private readonly List<IGrainTimer> _timers = [];

    public IGrainTimer Register<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer<TState>(activation, this, callback, state, options);
        lock (_gate)
        {
            _timers.Add(timer);
        }
        return timer;
    }

    public void Remove(IGrainTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    public void DisposeAll()
    {
        IGrainTimer[] timers;
        lock (_gate)
        {
            timers = [.. _timers];
            _timers.Clear();
        }
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}
