using GrainChain.Runtime.Invocation;

namespace GrainChain.Runtime.Streams.Delivery;

/// <summary>Marks references that address a grain as a stream consumer rather than through one of its grain interfaces.</summary>
internal interface IStreamConsumerEndpoint : IAddressable;

/// <summary>
/// A reference to a consuming grain used only to route delivery requests: a delivery is a message to the consumer's
/// grain id through the runtime's call path, so it activates the grain on demand and waits for its turn.
/// </summary>
internal sealed class StreamConsumerReference(GrainReferenceShared shared, GrainId grainId) : GrainReference(shared, grainId), IStreamConsumerEndpoint
{
    public const string InterfaceName = "GrainChain.Runtime.Streams.IStreamConsumerEndpoint";
}
