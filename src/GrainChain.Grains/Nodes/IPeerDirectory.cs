using GrainChain.Abstractions.Nodes;

namespace GrainChain.Grains.Nodes;

/// <summary>
/// Turns a peer's name into the grain a node talks to. The default is the node grain of that name; a test host may
/// put another implementation of <see cref="INodeGrain"/> (a lying peer) behind some names.
/// </summary>
public interface IPeerDirectory
{
    INodeGrain Resolve(IGrainFactory grains, string peer);
}

/// <summary>Every peer is the node grain of its name.</summary>
internal sealed class NodePeerDirectory : IPeerDirectory
{
    public INodeGrain Resolve(IGrainFactory grains, string peer) => grains.GetGrain<INodeGrain>(peer);
}
