using GrainChain.Runtime.Cluster;
using GrainChain.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Streams.Delivery;

/// <summary>
/// The client's address for stream deliveries: a grain id of the system type <c>sys.stream-client</c>, unique to this
/// client instance, whose activation hands events to the observers the client attached. In a cluster the id is a
/// system target of the client's silo (key "silo address|instance"), so deliveries from any silo come back to the
/// silo whose client attached the observers instead of activating an empty endpoint wherever placement chose.
/// </summary>
internal sealed class ClientStreamEndpoint(IServiceProvider services)
{
    public const string GrainTypeName = "sys.stream-client";

    private readonly Lazy<GrainId> _grainId = new(() => CreateId(services), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Fixed on first use, which is after the silo has joined its cluster (clients subscribe once it runs).</summary>
    public GrainId GrainId => _grainId.Value;

    public StreamConsumerComponent Component { get; } = new(isClientEndpoint: true);

    private static GrainId CreateId(IServiceProvider services)
    {
        var instance = Guid.NewGuid().ToString("N");
        return services.GetService<Silo>()?.SiloAddress is { } silo
            ? SystemTargetId.For(GrainTypeName, silo, instance)
            : new GrainId(new GrainType(GrainTypeName), instance);
    }
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
