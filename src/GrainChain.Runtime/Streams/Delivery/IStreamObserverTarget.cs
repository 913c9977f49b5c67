namespace GrainChain.Runtime.Streams.Delivery;

/// <summary>An attached observer, seen without its event type: takes a run of events and reports how far it got.</summary>
internal interface IStreamObserverTarget
{
    ValueTask<StreamDeliveryOutcome> DeliverAsync(StreamId streamId, Guid subscriptionId, StreamEvent[] events, int offset, int count);
}

/// <summary>Stands in for an implicit subscription the consumer has unsubscribed: its events are accepted and ignored.</summary>
internal sealed class IgnoringObserverTarget : IStreamObserverTarget
{
    public static readonly IgnoringObserverTarget Instance = new();

    public ValueTask<StreamDeliveryOutcome> DeliverAsync(StreamId streamId, Guid subscriptionId, StreamEvent[] events, int offset, int count) =>
        new(StreamDeliveryOutcome.Completed(count));
}
