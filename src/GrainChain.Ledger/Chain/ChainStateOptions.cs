namespace GrainChain.Ledger.Chain;

/// <summary>Node policy for a block tree (not consensus): how much it holds for blocks it cannot place yet.</summary>
public sealed record ChainStateOptions
{
    /// <summary>Most blocks kept while their parent is unknown.</summary>
    public int MaxOrphanBlocks { get; init; } = 100;

    /// <summary>Most encoded bytes of all orphan blocks together.</summary>
    public long MaxOrphanBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Most hashes remembered as invalid (oldest forgotten first).</summary>
    public int MaxRememberedRejections { get; init; } = 10_000;

    /// <summary>
    /// Most heads of side branches remembered besides the best chain (the smallest-work ones are forgotten first);
    /// a forgotten branch's blocks count as unseen again.
    /// </summary>
    public int MaxSideBranches { get; init; } = 16;
}
