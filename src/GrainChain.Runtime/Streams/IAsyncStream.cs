namespace GrainChain.Runtime.Streams;

/// <summary>A stream of events of type <typeparamref name="T"/>: publish to it, subscribe to it.</summary>
public interface IAsyncStream<T> : IEquatable<IAsyncStream<T>>
{
    StreamId StreamId { get; }

    /// <summary>The name of the stream provider the stream belongs to.</summary>
    string ProviderName { get; }

    /// <summary>
    /// Publishes one event. Completes once the event is queued for every current subscriber (not when it has been
    /// delivered). <paramref name="token"/> must be null: this provider numbers events itself.
    /// </summary>
    Task OnNextAsync(T item, StreamSequenceToken? token = null);

    /// <summary>Publishes several events, in order, as if by consecutive calls of <see cref="OnNextAsync"/>.</summary>
    Task OnNextBatchAsync(IEnumerable<T> batch, StreamSequenceToken? token = null);

    /// <summary>Subscribes the calling grain (or client); the subscription is kept by the stream's pub-sub grain.</summary>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer);

    /// <summary>The caller's subscriptions to this stream, explicit and implicit; resume them after re-activation.</summary>
    Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles();
}
