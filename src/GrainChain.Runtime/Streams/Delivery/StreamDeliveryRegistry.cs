using GrainChain.Runtime.Metadata;
using GrainChain.Runtime.Streams.Delivery;

[assembly: GrainRegistry(typeof(StreamDeliveryRegistry))]

namespace GrainChain.Runtime.Streams.Delivery;

/// <summary>
/// Declares the stream consumer endpoint to the runtime the way a generated registry declares a grain interface, so
/// a silo receiving a delivery frame can make the reference and the empty <see cref="StreamDeliveryRequest"/> to
/// read it into. The endpoint's key kind is nominal: deliveries address consumers of every key kind by grain id.
/// </summary>
internal sealed class StreamDeliveryRegistry : IGrainRegistry
{
    public void Register(GrainRegistryBuilder builder)
    {
        builder.AddInterface(typeof(IStreamConsumerEndpoint), StreamConsumerReference.InterfaceName, GrainKeyKind.String,
            static (shared, grainId) => new StreamConsumerReference(shared, grainId));
        builder.AddRequestFactory(StreamConsumerReference.InterfaceName, StreamDeliveryRequest.EndpointInterfaceId, StreamDeliveryRequest.DeliverMethodId,
            static () => new StreamDeliveryRequest());
    }
}
