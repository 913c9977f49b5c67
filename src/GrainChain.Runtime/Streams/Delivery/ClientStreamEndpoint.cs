namespace GrainChain.Runtime.Streams.Delivery;

/// <summary>
/// The client's address for stream deliveries: a grain id of the system type <c>sys.stream-client</c>, unique to this
/// client instance, whose activation hands events to the observers the client attached.
/// </summary>
internal sealed class ClientStreamEndpoint
{
    public const string GrainTypeName = "sys.stream-client";

    public GrainId GrainId { get; } = new(new GrainType(GrainTypeName), Guid.NewGuid().ToString("N"));

    public StreamConsumerComponent Component { get; } = new(isClientEndpoint: true);
}

/// <summary>
/// Runs the client's observers as turns of a system grain. An endpoint id of an earlier client (a subscription left
/// over from before a restart) gets an empty component, so its deliveries report the subscription gone.
/// </summary>
[GrainType(ClientStreamEndpoint.GrainTypeName)]
internal sealed class ClientStreamObserverGrain : Grain
{
    public ClientStreamObserverGrain(IGrainContext context, ClientStreamEndpoint endpoint)
    {
        context.SetComponent(context.GrainId == endpoint.GrainId ? endpoint.Component : new StreamConsumerComponent(isClientEndpoint: true));
    }
}
