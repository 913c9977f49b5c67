namespace GrainChain.Runtime.Streams.PubSub;

/// <summary>
/// The system grain that keeps the explicit subscriptions of one stream of one provider (keyed by
/// <see cref="PubSubGrainKey"/>), persists them, and tells the producing agents when they change.
/// </summary>
internal interface IPubSubRendezvousGrain : IGrainWithStringKey
{
    Task<StreamSubscriptionSet> GetSubscriptionsAsync();

    /// <summary>Adds (or keeps) a subscription; <paramref name="consumer"/> is the consumer's grain id in text form.</summary>
    Task RegisterConsumerAsync(Guid subscriptionId, string consumer);

    /// <summary>Removes a subscription; removing an unknown one does nothing.</summary>
    Task UnregisterConsumerAsync(Guid subscriptionId);
}
