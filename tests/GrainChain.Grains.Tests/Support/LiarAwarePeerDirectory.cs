using GrainChain.Abstractions.Nodes;
using GrainChain.Grains.Nodes;

namespace GrainChain.Grains.Tests.Support;

/// <summary>Peers named "liar-…" are lying peers; every other name is an honest node.</summary>
public sealed class LiarAwarePeerDirectory : IPeerDirectory
{
    public const string Prefix = "liar-";

    public INodeGrain Resolve(IGrainFactory grains, string peer) =>
        peer.StartsWith(Prefix, StringComparison.Ordinal)
            ? grains.GetGrain<INodeGrain>(peer, typeof(LyingNodeGrain).FullName)
            : grains.GetGrain<INodeGrain>(peer);
}
