namespace GrainChain.Runtime;

/// <summary>
/// One activation as seen by code running inside it (grain, persistent state, timers, and later streams):
/// its identity, services, and a way to run work as a turn of the grain.
/// </summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    /// <summary>The grain instance, once it has been constructed.</summary>
    object? GrainInstance { get; }

    /// <summary>The silo's services.</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>
    /// Runs <paramref name="turn"/> inside the activation, not interleaved with requests (like a request with no caller).
    /// The task completes with the turn's outcome. Streams and timers deliver through this.
    /// </summary>
    Task RunTurnAsync(Func<Task> turn);

    /// <summary>Asks for deactivation once no request is running.</summary>
    void Deactivate(DeactivationReason reason);

    /// <summary>A component attached to this activation (for extensions such as stream subscriptions), or null.</summary>
    TComponent? GetComponent<TComponent>() where TComponent : class;

    void SetComponent<TComponent>(TComponent? component) where TComponent : class;
}
