using GrainChain.Runtime.Cluster;
using GrainChain.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Streams.PubSub;

/// <summary>
/// Tells the producing agents of every silo about a pub-sub grain's new subscription set: the local agent directly,
/// the agents of the other Active silos through their <see cref="ISiloStreamAgents"/> target. Every silo is told
/// because any silo may publish to the stream, and a pub-sub grain that moved after a failure knows no list of
/// producers; a silo without an agent of the stream ignores the push.
/// </summary>
internal sealed class SubscriptionPush(MemoryStreamProvider provider)
{
    private Silo? _silo;

    /// <summary>Completes when every reachable silo has applied the set; a silo that cannot be told is logged, not thrown for.</summary>
    public Task PushAsync(string pubSubKey, StreamSubscriptionSet subscriptions)
    {
        provider.SubscriptionsChanged(pubSubKey, subscriptions);
        var silo = _silo ??= provider.Runtime.Services.GetService<Silo>();
        if (silo?.SiloAddress is not { } self)
        {
            return Task.CompletedTask;
        }
        var others = silo.ClusterView.ActiveSilos.Where(address => !address.Equals(self)).ToList();
        return others.Count == 0 ? Task.CompletedTask : Task.WhenAll(others.Select(address => PushToAsync(address, pubSubKey, subscriptions)));
    }

    private async Task PushToAsync(Membership.SiloAddress silo, string pubSubKey, StreamSubscriptionSet subscriptions)
    {
        try
        {
            var target = SystemTargetId.For(SiloStreamAgentsGrain.TypeName, silo);
            await provider.Runtime.GrainFactory.GetGrain<ISiloStreamAgents>(target.Key, SiloStreamAgentsGrain.TypeName)
                .SubscriptionsChangedAsync(pubSubKey, subscriptions).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // A silo that is dying cannot publish anyway; a live one that missed the push is named in the log.
            provider.Logger.PushFailed(exception, silo.ToString(), pubSubKey, subscriptions.Version);
        }
    }
}
