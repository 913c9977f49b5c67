using System.ComponentModel;
using GrainChain.Runtime.Activation;

namespace GrainChain.Runtime.Invocation;

/// <summary>
/// Base class of generated grain proxies. A reference is a grain id plus an interface: cheap to create, equal to any
/// other reference of the same grain and interface, and valid forever because the grain is activated on demand.
/// </summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    private readonly GrainReferenceShared _shared;

    [EditorBrowsable(EditorBrowsableState.Never)]
    protected GrainReference(GrainReferenceShared shared, GrainId grainId)
    {
        _shared = shared ?? throw new ArgumentNullException(nameof(shared));
        GrainId = grainId;
    }

    public GrainId GrainId { get; }

    public GrainInterfaceType InterfaceType => _shared.InterfaceType;

    internal GrainRuntime Runtime => _shared.Runtime;

    /// <summary>The local activation last reached through this reference; saves a directory lookup per call.</summary>
    internal ActivationData? CachedActivation;

    /// <summary>Sends a request and returns its pending response (generated proxies call this).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected ValueTask<TResult> InvokeAsync<TResult>(GrainRequest<TResult> request)
    {
        var pending = request.AsValueTask();
        _shared.Runtime.Send(this, request);
        return pending;
    }

    /// <summary>Sends a request of a Task-returning method: the request completes the task itself (no adapter object).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected Task<TResult> InvokeTaskAsync<TResult>(GrainRequest<TResult> request)
    {
        var pending = request.AsTask();
        _shared.Runtime.Send(this, request);
        return pending;
    }

    /// <summary>Sends a request of a method that returns a plain Task.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected Task InvokeVoidTaskAsync(GrainRequest<VoidResult> request)
    {
        var pending = request.AsTask();
        _shared.Runtime.Send(this, request);
        return pending;
    }

    /// <summary>Sends a request of a method without a result.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected ValueTask InvokeVoidAsync(GrainRequest<VoidResult> request)
    {
        var pending = request.AsVoidValueTask();
        _shared.Runtime.Send(this, request);
        return pending;
    }

    public bool Equals(GrainReference? other) =>
        other is not null && GrainId.Equals(other.GrainId) && InterfaceType.Equals(other.InterfaceType);

    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => $"GrainReference:{GrainId} ({InterfaceType})";

    public static bool operator ==(GrainReference? left, GrainReference? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(GrainReference? left, GrainReference? right) => !(left == right);
}
