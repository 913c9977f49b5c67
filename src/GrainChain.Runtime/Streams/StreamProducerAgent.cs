using GrainChain.Runtime.Streams.PubSub;

namespace GrainChain.Runtime.Streams;

/// <summary>
/// The producer side of one stream in one silo: numbers the events published here (one sequence per agent, so order
/// per producer is kept) and puts each into the queue of every subscriber, implicit and explicit. It learns the
/// explicit subscribers from the stream's pub-sub grain and keeps them current from its pushes.
/// </summary>
internal sealed class StreamProducerAgent
{
    private readonly MemoryStreamProvider _provider;
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private readonly Lock _gate = new();
    private readonly StreamConsumerQueue[] _implicitQueues;
    private Dictionary<Guid, StreamConsumerQueue> _explicitQueues = [];
    private StreamConsumerQueue[] _queues;
    private long _version = -1;
    private long _sequence;
    private Task? _ready;

    public StreamProducerAgent(MemoryStreamProvider provider, StreamId streamId, string pubSubKey)
    {
        _provider = provider;
        StreamId = streamId;
        PubSubKey = pubSubKey;
        var implicitTypes = provider.ImplicitSubscriptions.SubscribersOf(streamId.Namespace);
        _implicitQueues = new StreamConsumerQueue[implicitTypes.Length];
        for (int i = 0; i < implicitTypes.Length; i++)
        {
            var subscriptionId = ImplicitStreamSubscriptionTable.SubscriptionId(provider.Name, implicitTypes[i], streamId);
            var entry = new StreamSubscriptionEntry(subscriptionId, new GrainId(implicitTypes[i], streamId.Key));
            _implicitQueues[i] = new StreamConsumerQueue(provider, this, entry, isImplicit: true);
        }
        _queues = _implicitQueues;
    }

    public StreamId StreamId { get; }

    public string PubSubKey { get; }

    /// <summary>Identifies this agent's sequence in every token it issues.</summary>
    public Guid ProducerId { get; } = Guid.NewGuid();

    public async Task PublishAsync<T>(T item)
    {
        var copy = _provider.Runtime.Copier.Copy(item);
        await EnsureReadyAsync().ConfigureAwait(false);
        await _publishGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await EnqueueAsync(new StreamEvent<T>(copy, new StreamSequenceToken(ProducerId, ++_sequence))).ConfigureAwait(false);
        }
        finally
        {
            _publishGate.Release();
        }
        _provider.Metrics.Published(_provider.Name, 1);
    }

    public async Task PublishBatchAsync<T>(IEnumerable<T> items)
    {
        var copies = items.Select(_provider.Runtime.Copier.Copy).ToList();
        await EnsureReadyAsync().ConfigureAwait(false);
        await _publishGate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var copy in copies)
            {
                await EnqueueAsync(new StreamEvent<T>(copy, new StreamSequenceToken(ProducerId, ++_sequence))).ConfigureAwait(false);
            }
        }
        finally
        {
            _publishGate.Release();
        }
        _provider.Metrics.Published(_provider.Name, copies.Count);
    }

    /// <summary>Takes a newer subscription set from the pub-sub grain: new subscribers get a queue, removed ones lose theirs.</summary>
    public void Apply(StreamSubscriptionSet subscriptions)
    {
        List<StreamConsumerQueue>? removed = null;
        lock (_gate)
        {
            if (subscriptions.Version <= _version)
            {
                return;
            }
            _version = subscriptions.Version;
            var next = new Dictionary<Guid, StreamConsumerQueue>(subscriptions.Span.Length);
            foreach (var entry in subscriptions.Span)
            {
                next[entry.SubscriptionId] = _explicitQueues.TryGetValue(entry.SubscriptionId, out var existing)
                    ? existing
                    : new StreamConsumerQueue(_provider, this, entry, isImplicit: false);
            }
            foreach (var (id, queue) in _explicitQueues)
            {
                if (!next.ContainsKey(id))
                {
                    (removed ??= []).Add(queue);
                }
            }
            _explicitQueues = next;
            Volatile.Write(ref _queues, [.. _implicitQueues, .. next.Values]);
        }
        if (removed is not null)
        {
            foreach (var queue in removed)
            {
                queue.Close();
            }
        }
    }

    /// <summary>Removes a subscription its consumer no longer knows (a departed client) from the pub-sub grain.</summary>
    public async Task RemoveStaleSubscriptionAsync(Guid subscriptionId)
    {
        try
        {
            await _provider.PubSub(StreamId).UnregisterConsumerAsync(subscriptionId).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _provider.Logger.StaleSubscriptionNotRemoved(exception, subscriptionId, _provider.Name, StreamId);
        }
    }

    private Task EnsureReadyAsync()
    {
        var ready = Volatile.Read(ref _ready);
        if (ready is { IsCompletedSuccessfully: true })
        {
            return ready;
        }
        lock (_gate)
        {
            // A failed first contact with the pub-sub grain (say, its store was down) is tried again by the next publish.
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                _ready = Task.Run(LoadSubscriptionsAsync);
            }
            return _ready;
        }
    }

    private async Task LoadSubscriptionsAsync()
    {
        var subscriptions = await _provider.PubSub(StreamId).GetSubscriptionsAsync().ConfigureAwait(false);
        Apply(subscriptions);
        lock (_gate)
        {
            // An empty stream that has never had a subscriber still counts as loaded.
            _version = Math.Max(_version, 0);
        }
    }

    private Task EnqueueAsync(StreamEvent streamEvent)
    {
        var queues = Volatile.Read(ref _queues);
        for (int i = 0; i < queues.Length; i++)
        {
            if (queues[i].TryEnqueue(streamEvent) == EnqueueResult.Full)
            {
                return EnqueueSlowAsync(streamEvent, queues, i);
            }
        }
        return Task.CompletedTask;
    }

    // A subscriber queue is full: wait for room (bounded), then carry on with the remaining subscribers.
    private async Task EnqueueSlowAsync(StreamEvent streamEvent, StreamConsumerQueue[] queues, int index)
    {
        for (int i = index; i < queues.Length; i++)
        {
            while (queues[i].TryEnqueue(streamEvent) == EnqueueResult.Full)
            {
                if (!await queues[i].WaitForRoomAsync().ConfigureAwait(false))
                {
                    queues[i].BeginShedding(streamEvent);
                    break;
                }
            }
        }
    }
}
