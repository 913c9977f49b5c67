using GrainChain.Runtime.Streams.Delivery;

namespace GrainChain.Runtime.Streams;

/// <summary>A stream of a memory stream provider, used by one caller.</summary>
internal sealed class AsyncStream<T>(MemoryStreamProvider provider, StreamCaller caller, StreamId streamId) : IAsyncStream<T>
{
    public StreamId StreamId => streamId;

    public string ProviderName => provider.Name;

    public Task OnNextAsync(T item, StreamSequenceToken? token = null)
    {
        RefuseToken(token);
        return provider.Agent(streamId).PublishAsync(item);
    }

    public Task OnNextBatchAsync(IEnumerable<T> batch, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        RefuseToken(token);
        return provider.Agent(streamId).PublishBatchAsync(batch);
    }

    public async Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var component = caller.Component;
        var target = new StreamObserverTarget<T>(observer, provider);
        if (ImplicitSubscriptionId() is { } implicitId)
        {
            // Subscribing to a stream the grain is implicitly subscribed to attaches to that subscription.
            component.Attach(implicitId, target);
            return new SubscriptionHandle<T>(provider, caller, streamId, implicitId, isImplicit: true);
        }
        var subscriptionId = Guid.NewGuid();
        component.Attach(subscriptionId, target);
        try
        {
            await provider.PubSub(streamId).RegisterConsumerAsync(subscriptionId, caller.ConsumerId.ToString());
        }
        catch
        {
            component.Detach(subscriptionId);
            throw;
        }
        return new SubscriptionHandle<T>(provider, caller, streamId, subscriptionId, isImplicit: false);
    }

    public async Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles()
    {
        var handles = new List<StreamSubscriptionHandle<T>>();
        if (ImplicitSubscriptionId() is { } implicitId)
        {
            handles.Add(new SubscriptionHandle<T>(provider, caller, streamId, implicitId, isImplicit: true));
        }
        var subscriptions = await provider.PubSub(streamId).GetSubscriptionsAsync();
        foreach (var entry in subscriptions.Entries)
        {
            if (entry.Consumer == caller.ConsumerId)
            {
                handles.Add(new SubscriptionHandle<T>(provider, caller, streamId, entry.SubscriptionId, isImplicit: false));
            }
        }
        return handles;
    }

    public bool Equals(IAsyncStream<T>? other) => other is not null && other.StreamId == streamId && other.ProviderName == provider.Name;

    public override bool Equals(object? obj) => Equals(obj as IAsyncStream<T>);

    public override int GetHashCode() => HashCode.Combine(streamId, provider.Name);

    public override string ToString() => $"{provider.Name}/{streamId}";

    private Guid? ImplicitSubscriptionId() => provider.ImplicitSubscriptions.FindSubscription(provider.Name, caller.ConsumerId, streamId);

    private static void RefuseToken(StreamSequenceToken? token)
    {
        if (token is not null)
        {
            throw new NotSupportedException("Memory streams number their events themselves; publish without a sequence token.");
        }
    }
}
