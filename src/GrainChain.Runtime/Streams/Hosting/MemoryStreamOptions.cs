using GrainChain.Runtime.State;

namespace GrainChain.Runtime.Streams.Hosting;

/// <summary>
/// Settings of one memory stream provider. Delivery policy: each subscriber has its own bounded queue per producing
/// silo; a producer that finds a queue full waits up to <see cref="QueueFullTimeout"/> for room, then drops the event
/// for that subscriber only and sheds further events for it until its queue is half empty (each drop is logged and
/// counted). A failed delivery is retried <see cref="MaxDeliveryAttempts"/> times with doubling back-off, then dropped.
/// </summary>
public sealed class MemoryStreamOptions
{
    /// <summary>The grain store that keeps explicit subscriptions. Default: the silo's default store ("Default").</summary>
    public string PubSubStorageName { get; set; } = PersistentStateAttribute.DefaultStorageName;

    /// <summary>Most events waiting for one subscriber. Default 1024.</summary>
    public int MaxQueuedEventsPerSubscriber { get; set; } = 1024;

    /// <summary>How long a producer waits for room in a full subscriber queue before dropping the event for it. Default 5 s.</summary>
    public TimeSpan QueueFullTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most events handed to a subscriber in one delivery call. Default 64.</summary>
    public int MaxEventsPerDelivery { get; set; } = 64;

    /// <summary>How many times one event is offered to a subscriber before it is dropped. Default 5.</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>The wait after the first failed attempt; it doubles after each further failure. Default 100 ms.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between two attempts. Default 5 s.</summary>
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    internal void Validate(string providerName)
    {
        static void Require(bool condition, string providerName, string message)
        {
            if (!condition)
            {
                throw new ArgumentException($"Memory stream provider '{providerName}': {message}");
            }
        }
        Require(!string.IsNullOrEmpty(PubSubStorageName), providerName, "PubSubStorageName must name a grain store.");
        Require(MaxQueuedEventsPerSubscriber >= 1, providerName, $"MaxQueuedEventsPerSubscriber must be at least 1, got {MaxQueuedEventsPerSubscriber}.");
        Require(QueueFullTimeout >= TimeSpan.Zero, providerName, $"QueueFullTimeout must not be negative, got {QueueFullTimeout}.");
        Require(MaxEventsPerDelivery >= 1, providerName, $"MaxEventsPerDelivery must be at least 1, got {MaxEventsPerDelivery}.");
        Require(MaxDeliveryAttempts >= 1, providerName, $"MaxDeliveryAttempts must be at least 1, got {MaxDeliveryAttempts}.");
        Require(RetryBackoff >= TimeSpan.Zero, providerName, $"RetryBackoff must not be negative, got {RetryBackoff}.");
        Require(MaxRetryBackoff >= RetryBackoff, providerName, $"MaxRetryBackoff ({MaxRetryBackoff}) must be at least RetryBackoff ({RetryBackoff}).");
    }
}
