using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.State;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Validation;

namespace GrainChain.Ledger.Chain;

/// <summary>
/// Every block placed by any node of one chain in a process, shared by their <see cref="ChainState"/>s: one entry
/// per hash, and the verdicts that depend only on a block and its ancestors, each computed once by whichever node
/// needs it first (context-free and contextual rules when the block is placed, state rules and the accounts after
/// the block when it is first connected). Thread-safe.
/// </summary>
public sealed class BlockTree
{
    private readonly ChainParams _chain;
    private readonly IBlockStore _blocks;
    private readonly ContextFreeBlockValidator _contextFree;
    private readonly ContextualBlockValidator _contextual;
    private readonly ConcurrentDictionary<Hash256, BlockIndexEntry> _entries = new();

    // Serialises placing entries and condemning descendants, so a child is never placed under a parent that a
    // concurrent state failure is marking invalid without being marked too. Validation runs outside it.
    private readonly Lock _placement = new();

    public BlockTree(ChainParams chain, IBlockStore blocks, SignatureVerifier signatures, TimeProvider clock)
    {
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
        _blocks = blocks ?? throw new ArgumentNullException(nameof(blocks));
        if (!blocks.Chain.Equals(chain))
            throw new ArgumentException($"the block store holds chain '{blocks.Chain.Name}', not '{chain.Name}'", nameof(blocks));
        _contextFree = new ContextFreeBlockValidator(chain, signatures);
        _contextual = new ContextualBlockValidator(chain, clock);

        var genesis = _blocks.GetOrAdd(GenesisBlock.Create(chain));
        var entry = new BlockIndexEntry(genesis.Hash, genesis.Header, null, ProofOfWork.WorkFor(genesis.Header.Bits));
        var verdict = AccountSnapshot.Empty.TryApply(genesis, 0, chain, out var accounts);
        if (!verdict.IsValid) throw new InvalidOperationException($"the genesis block of '{chain.Name}' is invalid: {verdict}");
        entry.Publish(new BlockStateOutcome(verdict, accounts));
        _entries[entry.Hash] = entry;
        Genesis = entry;
    }

    public ChainParams Chain => _chain;

    /// <summary>Where the bodies of the tree's blocks are kept.</summary>
    public IBlockStore Blocks => _blocks;

    public BlockIndexEntry Genesis { get; }

    /// <summary>Entries in the tree, every branch and invalid ones included.</summary>
    public int Count => _entries.Count;

    public bool TryGetEntry(Hash256 hash, [MaybeNullWhen(false)] out BlockIndexEntry entry) => _entries.TryGetValue(hash, out entry);

    /// <summary>The body of a block in the tree.</summary>
    public Block BlockOf(BlockIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _blocks.TryGet(entry.Hash, out var block)
            ? block
            : throw new InvalidOperationException($"block {entry.Hash} is in the tree but not in the block store");
    }

    /// <summary>
    /// The context-free rules, skipped for a hash already in the tree (it passed them for some node of this chain):
    /// then <paramref name="canonical"/> is the stored copy, and its signatures are not checked again. The tree, not
    /// the store, is asked: a bounded store may have to read an evicted body back, and a new block is in neither.
    /// </summary>
    internal BlockValidationResult CheckContextFree(Block block, out Block canonical)
    {
        if (_entries.TryGetValue(block.Hash, out var known))
        {
            canonical = BlockOf(known);
            return BlockValidationResult.Valid;
        }
        canonical = block;
        return _contextFree.Validate(block);
    }

    /// <summary>
    /// Checks a block that passed the context-free rules against its parent and, if it passes, adds it to the tree
    /// and the store. A hash already in the tree yields its entry, so racing callers share one instance.
    /// </summary>
    internal (BlockIndexEntry? Entry, BlockValidationResult Verdict) Place(Block block, BlockIndexEntry parent)
    {
        if (_entries.TryGetValue(block.Hash, out var existing)) return (existing, BlockValidationResult.Valid);
        if (parent.Status == BlockStatus.Invalid) return (null, AncestorRejection(parent));
        var cursor = parent;
        var verdict = _contextual.Validate(block, parent.Header, parent.Height, AncestorHeader);
        if (!verdict.IsValid) return (null, verdict);

        var stored = _blocks.GetOrAdd(block);
        lock (_placement)
        {
            if (_entries.TryGetValue(stored.Hash, out existing)) return (existing, BlockValidationResult.Valid);
            if (parent.Status == BlockStatus.Invalid) return (null, AncestorRejection(parent));
            var entry = new BlockIndexEntry(stored.Hash, stored.Header, parent, ProofOfWork.WorkFor(stored.Header.Bits));
            parent.AddChild(entry);
            _entries[entry.Hash] = entry;
            return (entry, BlockValidationResult.Valid);
        }

        // The rules read a run of recent ancestors newest first, so each lookup walks on from the previous one.
        BlockHeader AncestorHeader(long height)
        {
            if (height > cursor.Height) cursor = parent;
            cursor = cursor.GetAncestor(height);
            return cursor.Header;
        }
    }

    /// <summary>
    /// The state verdict of <paramref name="entry"/>, whose parent must have valid accounts: computed from the
    /// parent's accounts unless some node already did. Racing callers may both compute it; the first to publish
    /// wins and the result is the same. A failure condemns every descendant in the tree.
    /// </summary>
    internal BlockStateOutcome Connect(BlockIndexEntry entry)
    {
        if (entry.StateOutcome is { } known) return known;
        var before = entry.Parent?.Accounts
                     ?? throw new InvalidOperationException($"block {entry} is connected before its parent");
        var verdict = before.TryApply(BlockOf(entry), entry.Height, _chain, out var after);
        var mine = new BlockStateOutcome(verdict, after);
        var published = entry.Publish(mine);
        if (ReferenceEquals(published, mine) && !published.IsValid) MarkDescendantsInvalid(entry);
        return published;
    }

    /// <summary>The verdict for a block whose ancestor <paramref name="ancestor"/> is invalid.</summary>
    internal static BlockValidationResult AncestorRejection(BlockIndexEntry ancestor) =>
        AncestorRejection(ancestor.Hash, ancestor.Rejection);

    internal static BlockValidationResult AncestorRejection(Hash256 ancestor, BlockValidationResult ancestorVerdict) =>
        BlockValidationResult.Reject(BlockRejectReason.InvalidAncestor,
            ancestorVerdict.Reason == BlockRejectReason.InvalidAncestor
                ? ancestorVerdict.Message
                : $"ancestor {ancestor} is invalid ({ancestorVerdict.Reason}: {ancestorVerdict.Message})");

    private void MarkDescendantsInvalid(BlockIndexEntry failed)
    {
        lock (_placement)
        {
            var pending = new Stack<BlockIndexEntry>(failed.Children);
            while (pending.TryPop(out var entry))
            {
                // No descendant of a block without valid accounts can have been connected, so this always publishes.
                entry.Publish(new BlockStateOutcome(AncestorRejection(entry.Parent!), null));
                foreach (var child in entry.Children) pending.Push(child);
            }
        }
    }
}
