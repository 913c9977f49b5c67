namespace GrainChain.Runtime.Timers;

/// <summary>
/// When a grain timer first fires and how often it repeats (<see cref="Timeout.InfiniteTimeSpan"/>: once). By default
/// ticks wait for running requests like any request (<see cref="Interleave"/> false) and do not count as use of the grain
/// for idle collection (<see cref="KeepAlive"/> false).
/// </summary>
public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>Ticks may run while a request of the grain is awaiting.</summary>
    public bool Interleave { get; init; }

    /// <summary>Ticks keep the activation from being collected as idle.</summary>
    public bool KeepAlive { get; init; }
}
