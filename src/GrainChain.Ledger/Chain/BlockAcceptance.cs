using System.Collections.Immutable;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Validation;

namespace GrainChain.Ledger.Chain;

/// <summary>
/// The outcome of submitting one block: its fate, and the net change of the best chain it caused (orphans it
/// released included).
/// </summary>
public sealed record BlockAcceptance
{
    public required BlockAcceptanceKind Kind { get; init; }
    public required Hash256 BlockHash { get; init; }

    /// <summary>Why the block is invalid; <see cref="BlockValidationResult.Valid"/> for any other kind.</summary>
    public BlockValidationResult Verdict { get; init; } = BlockValidationResult.Valid;

    /// <summary>Blocks that left the best chain, tip first.</summary>
    public ImmutableArray<Block> Disconnected { get; init; } = [];

    /// <summary>Blocks that joined the best chain, lowest first.</summary>
    public ImmutableArray<Block> Connected { get; init; } = [];

    /// <summary>
    /// Transfers of the disconnected blocks that the connected blocks do not contain, in their old chain order:
    /// the mempool should try to re-admit them.
    /// </summary>
    public ImmutableArray<Transaction> ReturnedTransactions { get; init; } = [];

    /// <summary>Orphans that joined the tree because this block arrived.</summary>
    public ImmutableArray<Hash256> AdoptedOrphans { get; init; } = [];

    /// <summary>For an orphan: the first unknown ancestor, which the node should fetch.</summary>
    public Hash256? MissingAncestor { get; init; }

    /// <summary>The best tip after the submission.</summary>
    public required Hash256 TipHash { get; init; }

    public required long TipHeight { get; init; }

    public bool TipChanged => Kind is BlockAcceptanceKind.ExtendedTip or BlockAcceptanceKind.Reorganized;

    public override string ToString() =>
        Kind == BlockAcceptanceKind.Invalid ? $"{BlockHash}: invalid, {Verdict}" : $"{BlockHash}: {Kind}, tip {TipHash} at {TipHeight}";
}
