using GrainChain.Abstractions.Nodes;
using GrainChain.Grains.Nodes;

namespace GrainChain.Grains.Tests.Support;

/// <summary>Peers named "liar-…" are lying peers (one grain answers as node and as block source); every other name is an honest node.</summary>
public sealed class LiarAwarePeerDirectory : IPeerDirectory
{
    public const string Prefix = "liar-";

    public INodeGrain Node(IGrainFactory grains, string peer) =>
        peer.StartsWith(Prefix, StringComparison.Ordinal)
            ? grains.GetGrain<INodeGrain>(peer, typeof(LyingNodeGrain).FullName)
            : grains.GetGrain<INodeGrain>(peer);

    public IBlockSource Source(IGrainFactory grains, string peer) =>
        peer.StartsWith(Prefix, StringComparison.Ordinal) ? Node(grains, peer) : grains.GetGrain<IChainGrain>(peer);
}
