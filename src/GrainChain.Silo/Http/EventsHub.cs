namespace GrainChain.Silo.Http;

/// <summary>The live <c>/events</c> connections (one stream subscription each).</summary>
internal sealed class EventsHub(EventsOptions options)
{
    private int _subscriptions;

    public EventsOptions Options { get; } = options;

    /// <summary>Stream subscriptions currently held for WebSocket clients.</summary>
    public int Subscriptions => Volatile.Read(ref _subscriptions);

    public void Subscribed() => Interlocked.Increment(ref _subscriptions);

    public void Unsubscribed() => Interlocked.Decrement(ref _subscriptions);
}
