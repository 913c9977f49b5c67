namespace GrainChain.Ledger.Chain;

/// <summary>How far a block in the tree has been validated (by any node of the tree: the verdicts are shared).</summary>
public enum BlockStatus
{
    /// <summary>Passed the context-free and contextual layers; its state has not been checked yet.</summary>
    Accepted,

    /// <summary>Has been connected to its parent's accounts at least once, so its state rules hold on its branch.</summary>
    StateValid,

    /// <summary>Failed state validation, or descends from a block that did; never part of the best chain.</summary>
    Invalid,
}
