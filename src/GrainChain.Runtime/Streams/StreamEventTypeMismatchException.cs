namespace GrainChain.Runtime.Streams;

/// <summary>An event of a stream is not of the type the subscriber asked for; the event is skipped for that subscriber.</summary>
public sealed class StreamEventTypeMismatchException : Exception
{
    public StreamEventTypeMismatchException(StreamId streamId, Guid subscriptionId, Type eventType, Type expectedType)
        : base($"Stream {streamId} carried an event of type {eventType} to subscription {subscriptionId:N}, which expects {expectedType}; the event was skipped for this subscription.")
    {
        StreamId = streamId;
        EventType = eventType;
        ExpectedType = expectedType;
    }

    public StreamId StreamId { get; }

    public Type EventType { get; }

    public Type ExpectedType { get; }
}
