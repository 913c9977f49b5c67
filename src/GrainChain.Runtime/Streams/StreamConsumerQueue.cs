using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Streams.Delivery;
using GrainChain.Runtime.Streams.PubSub;

namespace GrainChain.Runtime.Streams;

/// <summary>What happened to an event offered to a subscriber queue.</summary>
internal enum EnqueueResult
{
    Queued,
    Full,
    Dropped,
}

/// <summary>
/// The events one agent has for one subscription, bounded, with one delivery loop that runs only while there is
/// work. The loop sends runs of events as delivery calls to the consumer grain, one call at a time, which keeps
/// them in order; a failed call is retried from the first unhandled event with doubling back-off, and an event that
/// fails every attempt is logged, counted and dropped.
/// </summary>
internal sealed class StreamConsumerQueue
{
    private readonly MemoryStreamProvider _provider;
    private readonly StreamProducerAgent _agent;
    private readonly GrainReference _target;
    private readonly Lock _gate = new();
    private readonly Queue<StreamEvent> _events = new();
    private TaskCompletionSource<bool>? _room;
    private bool _pumping;
    private bool _closed;
    private bool _shedding;
    private long _shed;

    public StreamConsumerQueue(MemoryStreamProvider provider, StreamProducerAgent agent, StreamSubscriptionEntry subscription, bool isImplicit)
    {
        _provider = provider;
        _agent = agent;
        Subscription = subscription;
        IsImplicit = isImplicit;
        _target = provider.ConsumerReference(subscription.Consumer);
    }

    public StreamSubscriptionEntry Subscription { get; }

    public bool IsImplicit { get; }

    private int Capacity => _provider.Options.MaxQueuedEventsPerSubscriber;

    public EnqueueResult TryEnqueue(StreamEvent streamEvent)
    {
        bool startPump = false;
        long recoveredAfter = -1;
        lock (_gate)
        {
            if (_closed)
            {
                return EnqueueResult.Dropped;
            }
            if (_shedding)
            {
                if (_events.Count > Capacity / 2)
                {
                    _shed++;
                    _provider.Metrics.Dropped(_provider.Name, 1);
                    return EnqueueResult.Dropped;
                }
                _shedding = false;
                recoveredAfter = _shed;
                _shed = 0;
            }
            if (_events.Count >= Capacity)
            {
                return EnqueueResult.Full;
            }
            _events.Enqueue(streamEvent);
            if (!_pumping)
            {
                _pumping = startPump = true;
            }
        }
        if (recoveredAfter >= 0)
        {
            _provider.Logger.QueueRecovered(Subscription.SubscriptionId, _provider.Name, _agent.StreamId, recoveredAfter);
        }
        if (startPump)
        {
            // The loop runs on the thread pool, never inside the producing grain's turn.
            _ = Task.Run(PumpAsync);
        }
        return EnqueueResult.Queued;
    }

    /// <summary>Waits until the queue has room (true) or the provider's QueueFullTimeout passes (false).</summary>
    public async Task<bool> WaitForRoomAsync()
    {
        Task<bool> room;
        lock (_gate)
        {
            if (_closed || _events.Count < Capacity)
            {
                return true;
            }
            room = (_room ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
        try
        {
            return await room.WaitAsync(_provider.Options.QueueFullTimeout, _provider.Runtime.TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The queue stayed full: drop this event and the next ones for this subscriber until it is half empty.</summary>
    public void BeginShedding(StreamEvent streamEvent)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            _shedding = true;
            _shed++;
        }
        _provider.Metrics.Dropped(_provider.Name, 1);
        _provider.Logger.QueueOverflow(Subscription.SubscriptionId, Subscription.Consumer, _provider.Name, _agent.StreamId, _provider.Options.QueueFullTimeout);
    }

    /// <summary>The subscription has ended: forget the waiting events and stop the loop.</summary>
    public void Close()
    {
        TaskCompletionSource<bool>? room;
        lock (_gate)
        {
            _closed = true;
            _events.Clear();
            room = _room;
            _room = null;
        }
        room?.TrySetResult(true);
    }

    private async Task PumpAsync()
    {
        while (TakeRun() is { } run)
        {
            await DeliverAsync(run).ConfigureAwait(false);
        }
    }

    private StreamEvent[]? TakeRun()
    {
        TaskCompletionSource<bool>? room = null;
        StreamEvent[] run;
        lock (_gate)
        {
            int count = Math.Min(_events.Count, _provider.Options.MaxEventsPerDelivery);
            if (_closed || count == 0)
            {
                _pumping = false;
                return null;
            }
            run = new StreamEvent[count];
            for (int i = 0; i < count; i++)
            {
                run[i] = _events.Dequeue();
            }
            if (_room is not null)
            {
                room = _room;
                _room = null;
            }
        }
        room?.TrySetResult(true);
        return run;
    }

    private async Task DeliverAsync(StreamEvent[] run)
    {
        var options = _provider.Options;
        int offset = 0;
        int failures = 0;
        while (offset < run.Length && !Volatile.Read(ref _closed))
        {
            StreamDeliveryOutcome outcome;
            try
            {
                var request = new StreamDeliveryRequest(_provider.Name, _agent.StreamId, Subscription.SubscriptionId, run, offset, run.Length - offset);
                var response = request.Response;
                _provider.Runtime.Send(_target, request);
                outcome = await response.ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // The call itself failed (activation failed, timeout, silo stopping): nothing is known to be handled.
                // A client endpoint whose silo has died will never take the subscription again.
                outcome = _provider.IsClientOfDeadSilo(Subscription.Consumer)
                    ? new StreamDeliveryOutcome(StreamDeliveryStatus.SubscriptionGone, 0, "the client's silo is dead")
                    : new StreamDeliveryOutcome(StreamDeliveryStatus.ObserverFailed, 0, $"{exception.GetType().Name}: {exception.Message}");
            }

            offset += outcome.Processed;
            if (outcome.Processed > 0)
            {
                failures = 0;
            }
            switch (outcome.Status)
            {
                case StreamDeliveryStatus.Completed:
                    continue;
                case StreamDeliveryStatus.SubscriptionGone:
                    _provider.Logger.SubscriptionGone(Subscription.SubscriptionId, _provider.Name, _agent.StreamId);
                    Close();
                    await _agent.RemoveStaleSubscriptionAsync(Subscription.SubscriptionId).ConfigureAwait(false);
                    return;
            }
            if (offset >= run.Length)
            {
                continue;
            }
            failures++;
            _provider.Metrics.DeliveryFailed(_provider.Name);
            _provider.Logger.DeliveryFailed(_provider.Name, _agent.StreamId, Subscription.SubscriptionId, Subscription.Consumer, failures, options.MaxDeliveryAttempts, outcome.Reason ?? outcome.Status.ToString());
            if (failures >= options.MaxDeliveryAttempts)
            {
                _provider.Metrics.Dropped(_provider.Name, 1);
                _provider.Logger.EventDropped(run[offset].Token, _provider.Name, _agent.StreamId, Subscription.SubscriptionId, Subscription.Consumer, failures, outcome.Reason ?? outcome.Status.ToString());
                offset++;
                failures = 0;
                continue;
            }
            await Task.Delay(Backoff(failures), _provider.Runtime.TimeProvider).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var options = _provider.Options;
        var delay = options.RetryBackoff * Math.Pow(2, Math.Min(failures - 1, 30));
        return delay > options.MaxRetryBackoff ? options.MaxRetryBackoff : delay;
    }
}
