using GrainChain.Ledger.Blocks;

namespace GrainChain.Grains.Tests.Support;

/// <summary>Test control of a lying peer: the block it will serve, the work it claims, and how it misbehaves.</summary>
public interface ILiarGrain : IGrainWithStringKey
{
    /// <summary>
    /// Offers <paramref name="block"/>'s header after any locator and the block for any hash asked, claiming
    /// <paramref name="claimedWork"/>; with <paramref name="withholdBody"/> it answers "don't have" for the body,
    /// with <paramref name="hangOnBody"/> it never answers the body request.
    /// </summary>
    Task ServeAsync(Block block, string claimedWork, bool withholdBody = false, bool hangOnBody = false);

    /// <summary>Answers every request for a transaction, whatever its id, with <paramref name="transaction"/>.</summary>
    Task ServeTransactionAsync(GrainChain.Ledger.Transactions.Transaction transaction);

    /// <summary>Publishes an announcement on the liar's own stream, as a node would.</summary>
    Task AnnounceAsync(GrainChain.Abstractions.Nodes.NodeAnnouncement announcement);
}
