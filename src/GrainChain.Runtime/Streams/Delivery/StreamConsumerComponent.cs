using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace GrainChain.Runtime.Streams.Delivery;

/// <summary>
/// The observers a consuming activation has attached, by subscription id. It lives and dies with the activation, so
/// a re-activated grain starts with none and resumes its handles.
/// </summary>
internal sealed class StreamConsumerComponent(bool isClientEndpoint)
{
    private readonly ConcurrentDictionary<Guid, IStreamObserverTarget> _targets = new();

    /// <summary>True for the client's endpoint: an unknown subscription there is gone for good, not just not resumed yet.</summary>
    public bool IsClientEndpoint { get; } = isClientEndpoint;

    public void Attach(Guid subscriptionId, IStreamObserverTarget target) => _targets[subscriptionId] = target;

    public void Detach(Guid subscriptionId) => _targets.TryRemove(subscriptionId, out _);

    public bool TryGetTarget(Guid subscriptionId, [NotNullWhen(true)] out IStreamObserverTarget? target) => _targets.TryGetValue(subscriptionId, out target);

    /// <summary>The component of an activation, created on first use (from inside the activation's turn).</summary>
    public static StreamConsumerComponent Of(IGrainContext context)
    {
        var component = context.GetComponent<StreamConsumerComponent>();
        if (component is null)
        {
            component = new StreamConsumerComponent(isClientEndpoint: false);
            context.SetComponent(component);
        }
        return component;
    }
}
