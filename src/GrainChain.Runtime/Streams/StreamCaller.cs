using GrainChain.Runtime.Streams.Delivery;

namespace GrainChain.Runtime.Streams;

/// <summary>
/// Who is using a stream: a grain activation or the client. It is the consumer named in subscriptions and the owner
/// of the observers attached for them.
/// </summary>
internal sealed class StreamCaller
{
    private readonly IGrainContext? _activation;
    private readonly StreamConsumerComponent? _component;

    private StreamCaller(GrainId consumerId, IGrainContext? activation, StreamConsumerComponent? component)
    {
        ConsumerId = consumerId;
        _activation = activation;
        _component = component;
    }

    public GrainId ConsumerId { get; }

    /// <summary>Where observers are attached: the activation's component, or the client endpoint's.</summary>
    public StreamConsumerComponent Component => _component ?? StreamConsumerComponent.Of(_activation!);

    public static StreamCaller ForGrain(IGrainContext activation) => new(activation.GrainId, activation, null);

    public static StreamCaller ForClient(ClientStreamEndpoint endpoint) => new(endpoint.GrainId, null, endpoint.Component);
}
