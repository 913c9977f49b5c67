using GrainChain.Runtime.Activation;
using GrainChain.Runtime.Timers;

namespace GrainChain.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime constructs grains (with constructor injection) and calls
/// <see cref="OnActivateAsync"/> before the first request and <see cref="OnDeactivateAsync"/> before the activation goes away.
/// </summary>
public abstract class Grain : IAddressable
{
    private readonly ActivationData _activation;

    /// <summary>Picks up the activation being constructed; grains are built by the runtime, never with <c>new</c> elsewhere.</summary>
    protected Grain()
    {
        _activation = ActivationData.Constructing
            ?? throw new InvalidOperationException($"{GetType().Name} is a grain: the runtime creates it on the first call to its grain id, it cannot be created with 'new'.");
    }

    /// <summary>The activation running this grain.</summary>
    public IGrainContext GrainContext => _activation;

    public GrainId GrainId => _activation.GrainId;

    /// <summary>Text naming this activation, for logs.</summary>
    public string IdentityString => _activation.ToString();

    /// <summary>The silo this activation runs on: its cluster address, or its name when it runs alone.</summary>
    public string RuntimeIdentity => _activation.Runtime.Identity;

    protected IGrainFactory GrainFactory => _activation.Runtime.GrainFactory;

    protected IServiceProvider ServiceProvider => _activation.ActivationServices;

    internal ActivationData Activation => _activation;

    /// <summary>Runs after persistent state is loaded and before the first request is delivered.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once no request is running, before the activation is removed; the place to write state.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation after the current request; the next call creates a fresh one.</summary>
    protected void DeactivateOnIdle() => _activation.DeactivateOnIdle();

    /// <summary>Keeps the activation from idle collection for at least <paramref name="timeSpan"/>.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => _activation.DelayDeactivation(timeSpan);

    /// <summary>A timer whose ticks run as turns of this grain; it ends with the activation.</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.Timers.Register(callback, state, options);
    }

    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.Timers.Register(static (cb, ct) => cb(ct), callback, new GrainTimerCreationOptions(dueTime, period));
    }

    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.Timers.Register(static (cb, ct) => cb(ct), callback, options);
    }

    /// <summary>The older timer shape: the tick runs as a turn of this grain; dispose to stop it.</summary>
    protected IDisposable RegisterTimer(Func<object?, Task> asyncCallback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(asyncCallback);
        return _activation.Timers.Register(
            static (s, _) => s.asyncCallback(s.state),
            (asyncCallback, state),
            new GrainTimerCreationOptions(dueTime, period));
    }

    public override string ToString() => IdentityString;
}
