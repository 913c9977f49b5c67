using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Streams;

namespace GrainChain.Runtime.Tests.Cluster;

/// <summary>The event of the cross-silo stream tests: who published it and its number in that producer's run.</summary>
[GenerateSerializer]
public sealed record SiloTick([property: Id(0)] string Producer, [property: Id(1)] int Number);

public interface IClusterStreamProducerGrain : IGrainWithStringKey
{
    Task<string> WhereAsync();

    /// <summary>Publishes SiloTick(this key, from) .. SiloTick(this key, from + count - 1) on stream (namespace, key), one by one.</summary>
    Task PublishAsync(string streamNamespace, string streamKey, int from, int count);

    Task PublishBatchAsync(string streamNamespace, string streamKey, int from, int count);
}

public sealed class ClusterStreamProducerGrain : Grain, IClusterStreamProducerGrain
{
    public Task<string> WhereAsync() => Task.FromResult(RuntimeIdentity);

    public async Task PublishAsync(string streamNamespace, string streamKey, int from, int count)
    {
        var stream = this.GetStreamProvider(StreamsAcrossSilosTests.Provider).GetStream<SiloTick>(streamNamespace, streamKey);
        var producer = this.GetPrimaryKeyString();
        for (int i = from; i < from + count; i++)
        {
            await stream.OnNextAsync(new SiloTick(producer, i));
        }
    }

    public Task PublishBatchAsync(string streamNamespace, string streamKey, int from, int count)
    {
        var stream = this.GetStreamProvider(StreamsAcrossSilosTests.Provider).GetStream<SiloTick>(streamNamespace, streamKey);
        var producer = this.GetPrimaryKeyString();
        return stream.OnNextBatchAsync(Enumerable.Range(from, count).Select(i => new SiloTick(producer, i)));
    }
}

/// <summary>
/// Subscribes explicitly to stream ("cluster-explicit", the part of its key before '#') and resumes its persisted
/// handles whenever it is activated, on whichever silo that is. Drops redeliveries with a <see cref="RedeliveryFilter"/>.
/// </summary>
public interface IClusterStreamConsumerGrain : IGrainWithStringKey
{
    Task<string> WhereAsync();

    Task<Guid> SubscribeAsync();

    Task<int> HandleCountAsync();
}

public sealed class ClusterStreamConsumerGrain(ClusterStreamProbe probe) : Grain, IClusterStreamConsumerGrain
{
    public const string Namespace = "cluster-explicit";

    private readonly RedeliveryFilter _filter = new();

    private string Key => this.GetPrimaryKeyString();

    private IAsyncStream<SiloTick> Stream =>
        this.GetStreamProvider(StreamsAcrossSilosTests.Provider).GetStream<SiloTick>(Namespace, Key[..Key.IndexOf('#')]);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var handle in await Stream.GetAllSubscriptionHandles())
        {
            await handle.ResumeAsync(OnNextAsync);
        }
    }

    public Task<string> WhereAsync() => Task.FromResult(RuntimeIdentity);

    public async Task<Guid> SubscribeAsync() => (await Stream.SubscribeAsync(OnNextAsync)).HandleId;

    public async Task<int> HandleCountAsync() => (await Stream.GetAllSubscriptionHandles()).Count;

    private Task OnNextAsync(SiloTick tick, StreamSequenceToken? token)
    {
        if (_filter.Accept(token))
        {
            probe.Record(Key, tick, RuntimeIdentity);
        }
        return Task.CompletedTask;
    }
}

public interface IClusterImplicitConsumerGrain : IGrainWithStringKey
{
    Task<string> WhereAsync();
}

/// <summary>Implicitly subscribed to every stream of namespace "cluster-implicit"; attaches its observer when activated.</summary>
[ImplicitStreamSubscription(Namespace)]
public sealed class ClusterImplicitConsumerGrain(ClusterStreamProbe probe) : Grain, IClusterImplicitConsumerGrain
{
    public const string Namespace = "cluster-implicit";

    private readonly RedeliveryFilter _filter = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var stream = this.GetStreamProvider(StreamsAcrossSilosTests.Provider).GetStream<SiloTick>(Namespace, key);
        foreach (var handle in await stream.GetAllSubscriptionHandles())
        {
            await handle.ResumeAsync((tick, token) =>
            {
                if (_filter.Accept(token))
                {
                    probe.Record("implicit:" + key, tick, RuntimeIdentity);
                }
                return Task.CompletedTask;
            });
        }
    }

    public Task<string> WhereAsync() => Task.FromResult(RuntimeIdentity);
}

/// <summary>
/// One instance shared by every silo of a test cluster (they run in one process): consumers record what they
/// receive and where, and tests wait for conditions on it instead of sleeping.
/// </summary>
public sealed class ClusterStreamProbe
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<(SiloTick Tick, string Silo)>> _received = [];
    private readonly List<(Func<ClusterStreamProbe, bool> Condition, TaskCompletionSource Done)> _waiters = [];

    public void Record(string consumer, SiloTick tick, string silo)
    {
        List<TaskCompletionSource>? met = null;
        lock (_gate)
        {
            if (!_received.TryGetValue(consumer, out var list))
            {
                _received[consumer] = list = [];
            }
            list.Add((tick, silo));
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Condition(this))
                {
                    (met ??= []).Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }
        met?.ForEach(done => done.TrySetResult());
    }

    /// <summary>The numbers <paramref name="consumer"/> has received, in arrival order.</summary>
    public IReadOnlyList<int> Numbers(string consumer)
    {
        lock (_gate)
        {
            return _received.TryGetValue(consumer, out var list) ? list.Select(r => r.Tick.Number).ToList() : [];
        }
    }

    /// <summary>The silos <paramref name="consumer"/> received events on.</summary>
    public IReadOnlySet<string> Silos(string consumer)
    {
        lock (_gate)
        {
            return _received.TryGetValue(consumer, out var list) ? list.Select(r => r.Silo).ToHashSet() : [];
        }
    }

    /// <summary>Completes once <paramref name="consumer"/> has received every number of <paramref name="numbers"/>.</summary>
    public Task WhenReceivedAll(string consumer, IEnumerable<int> numbers)
    {
        var wanted = numbers.ToHashSet();
        return When(probe => wanted.IsSubsetOf(probe.NumbersUnlocked(consumer)));
    }

    private Task When(Func<ClusterStreamProbe, bool> condition)
    {
        lock (_gate)
        {
            if (condition(this))
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, done));
            return done.Task;
        }
    }

    private IEnumerable<int> NumbersUnlocked(string consumer) =>
        _received.TryGetValue(consumer, out var list) ? list.Select(r => r.Tick.Number) : [];
}
