using GrainChain.Runtime.Cluster;
using GrainChain.Runtime.Hosting;

namespace GrainChain.Runtime.Streams.PubSub;

/// <summary>
/// Tells the producing agents of every silo about a pub-sub grain's new subscription set: the local agent directly,
/// the agents of the other Active silos through their <see cref="ISiloStreamAgents"/> target. Every silo is told
/// because any silo may publish to the stream, and a pub-sub grain that moved after a failure knows no list of
/// producers; a silo without an agent of the stream ignores the push.
/// </summary>
internal sealed class SubscriptionPush(MemoryStreamProvider provider)
{
    private const int MaxAttempts = 3;

    /// <summary>Completes when every reachable silo has applied the set; a silo that cannot be told is logged, not thrown for.</summary>
    public Task PushAsync(string pubSubKey, StreamSubscriptionSet subscriptions)
    {
        provider.SubscriptionsChanged(pubSubKey, subscriptions);
        var silo = provider.LocalSilo;
        if (silo?.SiloAddress is not { } self)
        {
            return Task.CompletedTask;
        }
        var others = silo.ClusterView.ActiveSilos.Where(address => !address.Equals(self)).ToList();
        return others.Count == 0 ? Task.CompletedTask : Task.WhenAll(others.Select(address => PushToAsync(silo, address, pubSubKey, subscriptions)));
    }

    private async Task PushToAsync(Silo local, Membership.SiloAddress silo, string pubSubKey, StreamSubscriptionSet subscriptions)
    {
        var target = provider.Runtime.GrainFactory.GetGrain<ISiloStreamAgents>(
            SystemTargetId.For(SiloStreamAgentsGrain.TypeName, silo).Key, SiloStreamAgentsGrain.TypeName);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await target.SubscriptionsChangedAsync(pubSubKey, subscriptions).ConfigureAwait(false);
                return;
            }
            catch (Exception exception)
            {
                // A silo that has died publishes nothing more. A live one is asked again after a quick failure (a
                // connection being replaced), not after a timeout: the pub-sub grain waits meanwhile. One that still
                // fails is named in the log, and its agent keeps the older set.
                if (attempt >= MaxAttempts || exception is TimeoutException || local.ClusterView.IsDead(silo))
                {
                    provider.Logger.PushFailed(exception, silo.ToString(), pubSubKey, subscriptions.Version);
                    return;
                }
            }
            await Task.Delay(provider.Options.RetryBackoff * attempt, provider.Runtime.TimeProvider).ConfigureAwait(false);
        }
    }
}
