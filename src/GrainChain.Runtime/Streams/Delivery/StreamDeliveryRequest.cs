using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Metadata;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Streams.Delivery;

/// <summary>
/// One delivery call: a run of events of one subscription, for the consumer's activation to hand to the observer
/// attached to that subscription. Its arguments are plain values (provider, stream, subscription, events) with a wire
/// form, so a consumer on another silo receives it as a call of <see cref="IStreamConsumerEndpoint"/> (registered by
/// <see cref="StreamDeliveryRegistry"/>).
/// </summary>
/// <remarks>
/// Hand-written rather than generated: the call is meant for the activation's stream component, which every grain may
/// have, not for a method the grain class implements, and a generated request would cast the grain to its interface.
/// </remarks>
internal sealed class StreamDeliveryRequest : GrainRequest<StreamDeliveryOutcome>
{
    public const ushort DeliverMethodId = 0;

    /// <summary>The wire id of <see cref="IStreamConsumerEndpoint"/>, computed once.</summary>
    public static readonly uint EndpointInterfaceId = GrainInterfaceId.Compute(StreamConsumerReference.InterfaceName);

    private string _providerName;
    private StreamId _streamId;
    private Guid _subscriptionId;
    private StreamEvent[] _events;
    private int _offset;
    private int _count;

    public StreamDeliveryRequest(string providerName, StreamId streamId, Guid subscriptionId, StreamEvent[] events, int offset, int count)
    {
        _providerName = providerName;
        _streamId = streamId;
        _subscriptionId = subscriptionId;
        _events = events;
        _offset = offset;
        _count = count;
    }

    /// <summary>An empty request for a delivery arriving from another silo; <see cref="ReadArguments"/> fills it.</summary>
    public StreamDeliveryRequest()
        : this("", default, Guid.Empty, [], 0, 0)
    {
    }

    public override string InterfaceName => StreamConsumerReference.InterfaceName;

    public override uint InterfaceId => EndpointInterfaceId;

    public override int MethodId => DeliverMethodId;

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

    public override void WriteArguments(GrainWriter writer)
    {
        writer.Codecs.GetCodec<string>().Write(writer, _providerName);
        writer.Codecs.GetCodec<StreamId>().Write(writer, _streamId);
        writer.Codecs.GetCodec<Guid>().Write(writer, _subscriptionId);
        StreamEventWire.WriteRun(writer, _events, _offset, _count);
    }

    public override void ReadArguments(ref GrainReader reader)
    {
        _providerName = reader.Codecs.GetCodec<string>().Read(ref reader) ?? throw new GrainSerializationException("A stream delivery names no provider.");
        _streamId = reader.Codecs.GetCodec<StreamId>().Read(ref reader);
        if (_streamId.IsDefault)
        {
            throw new GrainSerializationException("A stream delivery names no stream.");
        }
        _subscriptionId = reader.Codecs.GetCodec<Guid>().Read(ref reader);
        _events = StreamEventWire.ReadRun(ref reader);
        _offset = 0;
        _count = _events.Length;
    }

    protected override void ClearArguments()
    {
        _events = [];
        _offset = 0;
        _count = 0;
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
