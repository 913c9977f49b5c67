using GrainChain.Runtime.Streams.Delivery;

namespace GrainChain.Runtime.Streams;

/// <summary>A subscription handle of a memory stream, bound to the caller that obtained it.</summary>
internal sealed class SubscriptionHandle<T>(MemoryStreamProvider provider, StreamCaller caller, StreamId streamId, Guid handleId, bool isImplicit)
    : StreamSubscriptionHandle<T>
{
    public override StreamId StreamId => streamId;

    public override string ProviderName => provider.Name;

    public override Guid HandleId => handleId;

    public bool IsImplicit => isImplicit;

    public override Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (token is not null)
        {
            throw new NotSupportedException("Memory streams cannot rewind; resume without a sequence token.");
        }
        caller.Component.Attach(handleId, new StreamObserverTarget<T>(observer, provider));
        return Task.FromResult<StreamSubscriptionHandle<T>>(this);
    }

    public override async Task UnsubscribeAsync()
    {
        if (isImplicit)
        {
            // An implicit subscription cannot end; this activation just stops listening to it.
            caller.Component.Attach(handleId, IgnoringObserverTarget.Instance);
            return;
        }
        caller.Component.Detach(handleId);
        await provider.PubSub(streamId).UnregisterConsumerAsync(handleId);
    }
}
