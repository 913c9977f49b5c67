using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Streams;

/// <summary>The stream layer's log messages, source-generated.</summary>
internal static partial class StreamsLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Delivery of stream {Provider}/{StreamId} to subscription {SubscriptionId} of {Consumer} failed (attempt {Attempt} of {MaxAttempts}): {Reason}")]
    public static partial void DeliveryFailed(this ILogger logger, string provider, StreamId streamId, Guid subscriptionId, GrainId consumer, int attempt, int maxAttempts, string reason);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Dropped event {Token} of stream {Provider}/{StreamId} for subscription {SubscriptionId} of {Consumer} after {Attempts} failed attempts: {Reason}")]
    public static partial void EventDropped(this ILogger logger, StreamSequenceToken token, string provider, StreamId streamId, Guid subscriptionId, GrainId consumer, int attempts, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The queue of subscription {SubscriptionId} ({Consumer}) on stream {Provider}/{StreamId} stayed full for {Timeout}; dropping its events until it drains to half")]
    public static partial void QueueOverflow(this ILogger logger, Guid subscriptionId, GrainId consumer, string provider, StreamId streamId, TimeSpan timeout);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "The queue of subscription {SubscriptionId} on stream {Provider}/{StreamId} has drained; {Dropped} events were dropped while it was full")]
    public static partial void QueueRecovered(this ILogger logger, Guid subscriptionId, string provider, StreamId streamId, long dropped);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Skipped an event for subscription {SubscriptionId}")]
    public static partial void TypeMismatch(this ILogger logger, StreamEventTypeMismatchException exception, Guid subscriptionId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "The observer of subscription {SubscriptionId} on stream {StreamId} threw for event {Token}")]
    public static partial void ObserverFailed(this ILogger logger, Exception exception, Guid subscriptionId, StreamId streamId, StreamSequenceToken token);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "Subscription {SubscriptionId} on stream {Provider}/{StreamId} is gone at its consumer; removing it")]
    public static partial void SubscriptionGone(this ILogger logger, Guid subscriptionId, string provider, StreamId streamId);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Could not remove stale subscription {SubscriptionId} of stream {Provider}/{StreamId}")]
    public static partial void StaleSubscriptionNotRemoved(this ILogger logger, Exception exception, Guid subscriptionId, string provider, StreamId streamId);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "OnErrorAsync of the observer of subscription {SubscriptionId} threw")]
    public static partial void OnErrorFailed(this ILogger logger, Exception exception, Guid subscriptionId);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Could not tell silo {Silo} about version {Version} of the subscriptions of pub-sub grain {PubSubKey}; its producing agent keeps the older set")]
    public static partial void PushFailed(this ILogger logger, Exception exception, string silo, string pubSubKey, long version);
}
