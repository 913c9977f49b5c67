using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Streams.Delivery;

/// <summary>How a delivery call ended at the consumer.</summary>
internal enum StreamDeliveryStatus : byte
{
    /// <summary>Every event was handed over (events of the wrong type count as handled: they are skipped).</summary>
    Completed,

    /// <summary>The observer threw for the event after the <c>Processed</c> ones.</summary>
    ObserverFailed,

    /// <summary>The consumer has not attached an observer to the subscription (yet).</summary>
    NoObserver,

    /// <summary>The consumer will never know the subscription again (a client endpoint that went away).</summary>
    SubscriptionGone,
}

/// <summary>The answer of a delivery call: status, how many events were handled before it ended, and why it failed.</summary>
[GenerateSerializer]
internal readonly record struct StreamDeliveryOutcome([property: Id(0)] StreamDeliveryStatus Status, [property: Id(1)] int Processed, [property: Id(2)] string? Reason)
{
    public static StreamDeliveryOutcome Completed(int processed) => new(StreamDeliveryStatus.Completed, processed, null);
}
