namespace GrainChain.Runtime.Streams;

/// <summary>
/// One subscription of one consumer to one stream. It outlives the consumer's activation: after re-activation the
/// consumer finds it with <see cref="IAsyncStream{T}.GetAllSubscriptionHandles"/> and attaches an observer again.
/// </summary>
public abstract class StreamSubscriptionHandle<T> : IEquatable<StreamSubscriptionHandle<T>>
{
    public abstract StreamId StreamId { get; }

    public abstract string ProviderName { get; }

    /// <summary>The subscription's identity, stable across activations.</summary>
    public abstract Guid HandleId { get; }

    /// <summary>Attaches <paramref name="observer"/> to this subscription in the current activation.</summary>
    public abstract Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null);

    /// <summary>Ends the subscription: no further events are delivered for it.</summary>
    public abstract Task UnsubscribeAsync();

    public bool Equals(StreamSubscriptionHandle<T>? other) =>
        other is not null && other.HandleId == HandleId && other.StreamId == StreamId && other.ProviderName == ProviderName;

    public override bool Equals(object? obj) => Equals(obj as StreamSubscriptionHandle<T>);

    public override int GetHashCode() => HandleId.GetHashCode();

    public override string ToString() => $"StreamSubscriptionHandle:{ProviderName}/{StreamId}/{HandleId:N}";
}
