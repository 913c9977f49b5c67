using GrainChain.Runtime.Invocation;

namespace GrainChain.Runtime.Streams.Delivery;

/// <summary>
/// One delivery call: a run of events of one subscription, for the consumer's activation to hand to the observer
/// attached to that subscription. Its arguments are plain values (provider, stream, subscription, events), so a
/// transport can carry it to another silo.
/// </summary>
internal sealed class StreamDeliveryRequest : GrainRequest<StreamDeliveryOutcome>
{
    private readonly string _providerName;
    private readonly StreamId _streamId;
    private readonly Guid _subscriptionId;
    private StreamEvent[] _events;
    private readonly int _offset;
    private readonly int _count;

    public StreamDeliveryRequest(string providerName, StreamId streamId, Guid subscriptionId, StreamEvent[] events, int offset, int count)
    {
        _providerName = providerName;
        _streamId = streamId;
        _subscriptionId = subscriptionId;
        _events = events;
        _offset = offset;
        _count = count;
    }

    public override string InterfaceName => StreamConsumerReference.InterfaceName;

    public override int MethodId => 0;

    public override string MethodName => "Deliver";

    public override int ArgumentCount => 4;

    public override object? GetArgument(int index) => index switch
    {
        0 => _providerName,
        1 => _streamId,
        2 => _subscriptionId,
        3 => new ArraySegment<StreamEvent>(_events, _offset, _count),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>The pending response, to take before the request is sent.</summary>
    internal ValueTask<StreamDeliveryOutcome> Response => AsValueTask();

    public override void CopyArguments(ArgumentCopier copier)
    {
        StreamEvent[]? copies = null;
        for (int i = 0; i < _count; i++)
        {
            var original = _events[_offset + i];
            var copy = original.CopyFor(copier);
            if (!ReferenceEquals(copy, original))
            {
                copies ??= (StreamEvent[])_events.Clone();
                copies[_offset + i] = copy;
            }
        }
        if (copies is not null)
        {
            _events = copies;
        }
    }

    protected override void InvokeCore(object grain)
    {
        var component = Activation!.GetComponent<StreamConsumerComponent>();
        if (component is null || !component.TryGetTarget(_subscriptionId, out var target))
        {
            var outcome = component is { IsClientEndpoint: true }
                ? new StreamDeliveryOutcome(StreamDeliveryStatus.SubscriptionGone, 0, "the client endpoint does not know the subscription")
                : new StreamDeliveryOutcome(StreamDeliveryStatus.NoObserver, 0, $"{Activation.GrainId} has attached no observer to subscription {_subscriptionId:N} (resume its handle in OnActivateAsync)");
            Returned(new ValueTask<StreamDeliveryOutcome>(outcome));
            return;
        }
        Returned(target.DeliverAsync(_streamId, _subscriptionId, _events, _offset, _count));
    }
}
