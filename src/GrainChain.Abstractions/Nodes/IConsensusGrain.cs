using Orleans.Concurrency;
using Orleans.Metadata;

namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// Longest-chain consensus for one node (keyed by the node's name): asks peers for their tips, fetches headers from
/// the one with the most work, downloads the blocks the node lacks in batches and hands them to the node's chain.
/// One resolution or download at a time per node; the chain keeps answering meanwhile.
/// </summary>
[Alias("gc.consensus"), DefaultGrainType("consensus")]
public interface IConsensusGrain : IGrainWithStringKey
{
    /// <summary>Resolves against <paramref name="peers"/>; a failing or lying peer is reported, never fails the call.</summary>
    [Alias("resolve")]
    Task<ResolveResult> ResolveAsync(IReadOnlyList<string> peers);

    /// <summary>A peer announced a tip: download from it if it has more work than the chain (fire and forget).</summary>
    [Alias("follow"), OneWay]
    Task FollowAsync(NodeAnnouncement announcement);
}
