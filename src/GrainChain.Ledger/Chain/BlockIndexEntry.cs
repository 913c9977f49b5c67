using System.Numerics;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.State;
using GrainChain.Ledger.Validation;

namespace GrainChain.Ledger.Chain;

/// <summary>A block's place in a node's block tree: height, cumulative work, parent, and validation status.</summary>
public sealed class BlockIndexEntry
{
    private readonly List<BlockIndexEntry> _children = [];

    internal BlockIndexEntry(Hash256 hash, BlockHeader header, BlockIndexEntry? parent, BigInteger work, long sequenceId)
    {
        Hash = hash;
        Header = header;
        Parent = parent;
        Height = parent is null ? 0 : parent.Height + 1;
        CumulativeWork = (parent?.CumulativeWork ?? BigInteger.Zero) + work;
        SequenceId = sequenceId;
    }

    public Hash256 Hash { get; }
    public BlockHeader Header { get; }
    public BlockIndexEntry? Parent { get; }
    public long Height { get; }

    /// <summary>The work of this block and all its ancestors.</summary>
    public BigInteger CumulativeWork { get; }

    /// <summary>The order in which blocks joined the tree; among equal work, the lower one was seen first.</summary>
    public long SequenceId { get; }

    public BlockStatus Status { get; internal set; }

    /// <summary>Why the block is <see cref="BlockStatus.Invalid"/>; <see cref="BlockValidationResult.Valid"/> otherwise.</summary>
    public BlockValidationResult Rejection { get; internal set; } = BlockValidationResult.Valid;

    /// <summary>Set while the block is connected on the best chain.</summary>
    internal BlockUndo? Undo { get; set; }

    internal IReadOnlyList<BlockIndexEntry> Children => _children;

    internal void AddChild(BlockIndexEntry child) => _children.Add(child);

    /// <summary>More work wins; equal work goes to the block seen first.</summary>
    public bool IsBetterThan(BlockIndexEntry other) =>
        CumulativeWork > other.CumulativeWork ||
        (CumulativeWork == other.CumulativeWork && SequenceId < other.SequenceId);

    public override string ToString() => $"{Hash} at height {Height}";
}
