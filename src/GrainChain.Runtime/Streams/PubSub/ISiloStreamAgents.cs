namespace GrainChain.Runtime.Streams.PubSub;

/// <summary>
/// The producing agents of one silo as pub-sub grains on other silos call them: a system target keyed by the silo's
/// address (<see cref="SiloStreamAgentsGrain"/>), so each push reaches exactly that silo.
/// </summary>
internal interface ISiloStreamAgents : IGrainWithStringKey
{
    /// <summary>Hands a newer subscription set of pub-sub grain <paramref name="pubSubKey"/> to this silo's agent of that stream, if it has one.</summary>
    Task SubscriptionsChangedAsync(string pubSubKey, StreamSubscriptionSet subscriptions);
}
