using System.Numerics;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.State;
using GrainChain.Ledger.Validation;

namespace GrainChain.Ledger.Chain;

/// <summary>
/// A block's place in a <see cref="BlockTree"/>, shared by every node of the tree: height, cumulative work, parent and
/// skip pointer (never change), and the state verdict, decided once by the first node that connects the block.
/// </summary>
public sealed class BlockIndexEntry
{
    private BlockStateOutcome? _state;

    // A linked list of children, written and read only under the tree's placement lock: it exists so that a block
    // found invalid can condemn its descendants.
    private BlockIndexEntry? _firstChild;
    private BlockIndexEntry? _nextSibling;

    internal BlockIndexEntry(Hash256 hash, BlockHeader header, BlockIndexEntry? parent, BigInteger work)
    {
        Hash = hash;
        Header = header;
        Parent = parent;
        Height = parent is null ? 0 : parent.Height + 1;
        CumulativeWork = (parent?.CumulativeWork ?? BigInteger.Zero) + work;
        Skip = parent?.GetAncestor(SkipHeights.For(Height));
    }

    public Hash256 Hash { get; }
    public BlockHeader Header { get; }
    public BlockIndexEntry? Parent { get; }
    public long Height { get; }

    /// <summary>The work of this block and all its ancestors.</summary>
    public BigInteger CumulativeWork { get; }

    /// <summary>An ancestor further back than the parent (at <see cref="SkipHeights.For"/>), for fast ancestor lookups.</summary>
    internal BlockIndexEntry? Skip { get; }

    public BlockStatus Status => Volatile.Read(ref _state) switch
    {
        null => BlockStatus.Accepted,
        { IsValid: true } => BlockStatus.StateValid,
        _ => BlockStatus.Invalid,
    };

    /// <summary>Why the block is <see cref="BlockStatus.Invalid"/>; <see cref="BlockValidationResult.Valid"/> otherwise.</summary>
    public BlockValidationResult Rejection =>
        Volatile.Read(ref _state) is { IsValid: false } state ? state.Verdict : BlockValidationResult.Valid;

    /// <summary>The accounts after this block, once some node has connected it.</summary>
    internal AccountSnapshot? Accounts => Volatile.Read(ref _state)?.Accounts;

    internal BlockStateOutcome? StateOutcome => Volatile.Read(ref _state);

    /// <summary>The ancestor at <paramref name="height"/> (this entry at its own height), in O(log n) steps.</summary>
    public BlockIndexEntry GetAncestor(long height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, Height);
        var walk = this;
        while (walk.Height > height)
        {
            var skipHeight = SkipHeights.For(walk.Height);
            var parentSkipHeight = SkipHeights.For(walk.Height - 1);
            // Jump unless the skip overshoots, or the parent's skip would land strictly closer without overshooting
            // (one step to the parent then a long jump beats a short jump).
            var jump = walk.Skip is not null &&
                       (skipHeight == height ||
                        (skipHeight > height && !(parentSkipHeight < skipHeight - 2 && parentSkipHeight >= height)));
            walk = jump ? walk.Skip! : walk.Parent!;
        }
        return walk;
    }

    /// <summary>True when this entry is <paramref name="other"/> or one of its ancestors.</summary>
    public bool IsAncestorOrSelfOf(BlockIndexEntry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Height >= Height && ReferenceEquals(other.GetAncestor(Height), this);
    }

    /// <summary>Publishes the state verdict unless one already was; returns the verdict that stands.</summary>
    internal BlockStateOutcome Publish(BlockStateOutcome outcome) =>
        Interlocked.CompareExchange(ref _state, outcome, null) ?? outcome;

    /// <summary>Under the tree's placement lock only.</summary>
    internal void AddChild(BlockIndexEntry child)
    {
        child._nextSibling = _firstChild;
        _firstChild = child;
    }

    /// <summary>Under the tree's placement lock only.</summary>
    internal IEnumerable<BlockIndexEntry> Children
    {
        get
        {
            for (var child = _firstChild; child is not null; child = child._nextSibling) yield return child;
        }
    }

    public override string ToString() => $"{Hash} at height {Height}";
}
