using GrainChain.Runtime.Concurrency;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Streams.PubSub;

/// <summary>
/// Receives pub-sub pushes from other silos and applies them to the local agent. Reentrant because applying a set is
/// a short, thread-safe step that need not wait for other pushes (versions order them).
/// </summary>
[GrainType(TypeName)]
[Reentrant]
internal sealed class SiloStreamAgentsGrain(IServiceProvider services) : Grain, ISiloStreamAgents
{
    public const string TypeName = "sys.stream-agents";

    public Task SubscriptionsChangedAsync(string pubSubKey, StreamSubscriptionSet subscriptions)
    {
        ArgumentNullException.ThrowIfNull(pubSubKey);
        ArgumentNullException.ThrowIfNull(subscriptions);
        // A provider this silo does not have publishes nothing here, so it has no agent to tell.
        services.GetKeyedService<MemoryStreamProvider>(PubSubGrainKey.ProviderName(pubSubKey))?.SubscriptionsChanged(pubSubKey, subscriptions);
        return Task.CompletedTask;
    }
}
