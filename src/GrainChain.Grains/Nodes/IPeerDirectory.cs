using GrainChain.Abstractions.Nodes;

namespace GrainChain.Grains.Nodes;

/// <summary>
/// Turns a peer's name into the grains a node talks to: its public face (to check it exists and shares the chain)
/// and what serves its blocks (its chain grain). A test host may put another implementation (a lying peer) behind
/// some names.
/// </summary>
public interface IPeerDirectory
{
    INodeGrain Node(IGrainFactory grains, string peer);

    IBlockSource Source(IGrainFactory grains, string peer);
}

/// <summary>Every peer is the node of its name, served by that node's chain grain.</summary>
internal sealed class NodePeerDirectory : IPeerDirectory
{
    public INodeGrain Node(IGrainFactory grains, string peer) => grains.GetGrain<INodeGrain>(peer);

    public IBlockSource Source(IGrainFactory grains, string peer) => grains.GetGrain<IChainGrain>(peer);
}
