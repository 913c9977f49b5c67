using GrainChain.Runtime.Streams;

namespace GrainChain.Runtime.Tests.Streams;

/// <summary>The event type of most stream tests: who published it and its number in that producer's run.</summary>
public readonly record struct Tick(string Producer, int Number);

public interface IStreamProducerGrain : IGrainWithStringKey
{
    /// <summary>Publishes Tick(this key, from) .. Tick(this key, from + count - 1) one by one.</summary>
    Task PublishAsync(string streamNamespace, string streamKey, int from, int count);

    Task PublishBatchAsync(string streamNamespace, string streamKey, int from, int count);
}

public sealed class StreamProducerGrain : Grain, IStreamProducerGrain
{
    public async Task PublishAsync(string streamNamespace, string streamKey, int from, int count)
    {
        var stream = this.GetStreamProvider(StreamTestCluster.Provider).GetStream<Tick>(streamNamespace, streamKey);
        var producer = this.GetPrimaryKeyString();
        for (int i = from; i < from + count; i++)
        {
            await stream.OnNextAsync(new Tick(producer, i));
        }
    }

    public Task PublishBatchAsync(string streamNamespace, string streamKey, int from, int count)
    {
        var stream = this.GetStreamProvider(StreamTestCluster.Provider).GetStream<Tick>(streamNamespace, streamKey);
        var producer = this.GetPrimaryKeyString();
        return stream.OnNextBatchAsync(Enumerable.Range(from, count).Select(i => new Tick(producer, i)));
    }
}

/// <summary>
/// Consumes Tick streams of namespace "explicit" by explicit subscription. Its key is "{streamKey}#{name}", so it
/// knows which stream to resume when it is activated again.
/// </summary>
public interface IStreamConsumerGrain : IGrainWithStringKey
{
    Task<Guid> SubscribeAsync();

    /// <summary>The ids of this grain's subscription handles, comma-separated.</summary>
    Task<string> HandleIdsAsync();

    Task UnsubscribeAllAsync();

    Task DeactivateAsync();
}

public sealed class StreamConsumerGrain(StreamProbe probe) : Grain, IStreamConsumerGrain
{
    public const string Namespace = "explicit";

    private string Key => this.GetPrimaryKeyString();

    private IAsyncStream<Tick> Stream =>
        this.GetStreamProvider(StreamTestCluster.Provider).GetStream<Tick>(Namespace, Key[..Key.IndexOf('#')]);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Activated(Key);
        foreach (var handle in await Stream.GetAllSubscriptionHandles())
        {
            await handle.ResumeAsync(Observer(handle.HandleId));
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Deactivated(Key);
        return Task.CompletedTask;
    }

    public async Task<Guid> SubscribeAsync()
    {
        // The handle id is only known once subscribed, so the observer looks it up from a box filled right after.
        var box = new Guid[1];
        var handle = await Stream.SubscribeAsync(
            (item, token) => probe.ObserveAsync(Key, box[0], item, token),
            error =>
            {
                probe.Error(Key, error);
                return Task.CompletedTask;
            });
        box[0] = handle.HandleId;
        return handle.HandleId;
    }

    public async Task<string> HandleIdsAsync() => string.Join(",", (await Stream.GetAllSubscriptionHandles()).Select(h => h.HandleId.ToString("N")));

    public async Task UnsubscribeAllAsync()
    {
        foreach (var handle in await Stream.GetAllSubscriptionHandles())
        {
            await handle.UnsubscribeAsync();
        }
    }

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private IAsyncObserver<Tick> Observer(Guid handleId) => new ProbeObserver<Tick>(probe, Key, handleId);
}

/// <summary>Observes a stream for the probe.</summary>
public sealed class ProbeObserver<T>(StreamProbe probe, string consumer, Guid handleId) : IAsyncObserver<T>
{
    public Task OnNextAsync(T item, StreamSequenceToken? token = null) => probe.ObserveAsync(consumer, handleId, item, token);

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        probe.Error(consumer, ex);
        return Task.CompletedTask;
    }
}

public interface IImplicitConsumerGrain : IGrainWithStringKey
{
    Task<int> HandleCountAsync();
}

/// <summary>Implicitly subscribed to every stream of namespace "implicit"; attaches its observer when activated.</summary>
[ImplicitStreamSubscription(Namespace)]
public sealed class ImplicitConsumerGrain(StreamProbe probe) : Grain, IImplicitConsumerGrain
{
    public const string Namespace = "implicit";

    private int _handles;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        probe.Activated("implicit:" + key);
        var stream = this.GetStreamProvider(StreamTestCluster.Provider).GetStream<Tick>(Namespace, key);
        var handles = await stream.GetAllSubscriptionHandles();
        _handles = handles.Count;
        foreach (var handle in handles)
        {
            await handle.ResumeAsync(new ProbeObserver<Tick>(probe, "implicit:" + key, handle.HandleId));
        }
    }

    public Task<int> HandleCountAsync() => Task.FromResult(_handles);
}

public interface IGuidImplicitConsumerGrain : IGrainWithGuidKey
{
    Task<int> CountAsync();
}

/// <summary>A Guid-keyed grain implicitly subscribed to namespace "by-guid"; it subscribes in OnActivateAsync.</summary>
[ImplicitStreamSubscription(Namespace)]
public sealed class GuidImplicitConsumerGrain(StreamProbe probe) : Grain, IGuidImplicitConsumerGrain
{
    public const string Namespace = "by-guid";

    private int _count;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKey();
        var stream = this.GetStreamProvider(StreamTestCluster.Provider).GetStream<int>(Namespace, key);
        // Orleans style: SubscribeAsync on an implicitly subscribed stream returns the implicit handle.
        var handle = await stream.SubscribeAsync((item, token) =>
        {
            _count++;
            return probe.ObserveAsync("guid:" + key.ToString("N"), Guid.Empty, item, token);
        });
        probe.Activated("guid:" + key.ToString("N") + ":" + handle.HandleId.ToString("N"));
    }

    public Task<int> CountAsync() => Task.FromResult(_count);
}
