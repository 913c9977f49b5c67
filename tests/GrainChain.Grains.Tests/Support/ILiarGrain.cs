using GrainChain.Ledger.Blocks;

namespace GrainChain.Grains.Tests.Support;

/// <summary>Test control of a lying peer: the block it will serve, whatever it is asked, and what it announces.</summary>
public interface ILiarGrain : IGrainWithStringKey
{
    Task ServeAsync(Block block);

    /// <summary>Publishes an announcement on the liar's own stream, as a node would.</summary>
    Task AnnounceAsync(GrainChain.Abstractions.Nodes.NodeAnnouncement announcement);
}
