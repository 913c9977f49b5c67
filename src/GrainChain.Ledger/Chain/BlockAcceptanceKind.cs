namespace GrainChain.Ledger.Chain;

/// <summary>What submitting a block to a block tree did.</summary>
public enum BlockAcceptanceKind
{
    /// <summary>The best chain grew without losing any block.</summary>
    ExtendedTip,

    /// <summary>The best chain switched branches: some blocks were disconnected and others connected.</summary>
    Reorganized,

    /// <summary>The block joined the tree on a branch with no more work than the best chain.</summary>
    SideBranch,

    /// <summary>The parent is unknown; the block waits in the orphan pool (see <see cref="BlockAcceptance.MissingAncestor"/>).</summary>
    Orphan,

    /// <summary>This node had the block already (on a branch it has seen, or in its orphan pool); nothing changed.</summary>
    Duplicate,

    /// <summary>The block broke a rule; <see cref="BlockAcceptance.Verdict"/> says which.</summary>
    Invalid,
}
