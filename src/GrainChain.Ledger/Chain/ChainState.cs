using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.State;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Validation;

namespace GrainChain.Ledger.Chain;

/// <summary>
/// One node's view of a chain: the tree of every valid block it has seen (with height and cumulative work), the
/// best chain (most work, first seen on ties), the account state at its tip, and the orphans waiting for a parent.
/// Blocks themselves live in a shared <see cref="IBlockStore"/>. Not thread-safe: its owner (a grain) serialises calls.
/// </summary>
public sealed class ChainState
{
    private readonly ChainParams _chain;
    private readonly IBlockStore _blocks;
    private readonly ContextFreeBlockValidator _contextFree;
    private readonly ContextualBlockValidator _contextual;
    private readonly Dictionary<Hash256, BlockIndexEntry> _index = new();
    private readonly List<BlockIndexEntry> _active = [];
    private readonly AccountState _accounts = new();
    private readonly OrphanPool _orphans;
    private readonly RejectedBlockCache _rejected;
    private BlockIndexEntry _best;
    private long _nextSequence;

    public ChainState(ChainParams chain, IBlockStore blocks, SignatureVerifier signatures, TimeProvider clock,
        ChainStateOptions? options = null)
    {
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
        _blocks = blocks ?? throw new ArgumentNullException(nameof(blocks));
        if (!blocks.Chain.Equals(chain))
            throw new ArgumentException($"the block store holds chain '{blocks.Chain.Name}', not '{chain.Name}'", nameof(blocks));
        options ??= new ChainStateOptions();
        _contextFree = new ContextFreeBlockValidator(chain, signatures);
        _contextual = new ContextualBlockValidator(chain, clock);
        _orphans = new OrphanPool(options.MaxOrphanBlocks, options.MaxOrphanBytes);
        _rejected = new RejectedBlockCache(options.MaxRememberedRejections);

        var genesis = _blocks.GetOrAdd(GenesisBlock.Create(chain));
        var entry = new BlockIndexEntry(genesis.Hash, genesis.Header, null, ProofOfWork.WorkFor(genesis.Header.Bits), _nextSequence++);
        var verdict = _accounts.TryConnect(genesis, 0, chain, out var undo);
        if (!verdict.IsValid) throw new InvalidOperationException($"the genesis block of '{chain.Name}' is invalid: {verdict}");
        entry.Undo = undo;
        entry.Status = BlockStatus.StateValid;
        _index.Add(entry.Hash, entry);
        _active.Add(entry);
        _best = entry;
    }

    public ChainParams Chain => _chain;

    /// <summary>The tip of the best chain.</summary>
    public BlockIndexEntry Tip => _active[^1];

    public long Height => Tip.Height;

    public BlockIndexEntry Genesis => _active[0];

    /// <summary>Balances and nonces at the best tip.</summary>
    public IAccountView Accounts => _accounts;

    /// <summary>A copy of every non-empty account at the best tip.</summary>
    public ImmutableDictionary<Address, Account> SnapshotAccounts() => _accounts.ToImmutable();

    /// <summary>Blocks in the tree, every branch and invalid ones included.</summary>
    public int BlockCount => _index.Count;

    public int OrphanCount => _orphans.Count;

    public long OrphanBytes => _orphans.Bytes;

    public bool IsOrphan(Hash256 hash) => _orphans.Contains(hash);

    /// <summary>The first ancestor of an orphan that the node lacks (the orphan's own hash if it is not held).</summary>
    public Hash256 MissingAncestorOf(Hash256 orphanHash) => _orphans.MissingAncestorOf(orphanHash);

    public bool TryGetEntry(Hash256 hash, [MaybeNullWhen(false)] out BlockIndexEntry entry) => _index.TryGetValue(hash, out entry);

    /// <summary>A block of this node's tree (any branch), by hash.</summary>
    public bool TryGetBlock(Hash256 hash, [MaybeNullWhen(false)] out Block block)
    {
        block = null;
        return _index.ContainsKey(hash) && _blocks.TryGet(hash, out block);
    }

    public bool IsOnBestChain(Hash256 hash) => _index.TryGetValue(hash, out var entry) && IsActive(entry);

    /// <summary>The best chain's block at <paramref name="height"/>, or null above the tip.</summary>
    public Block? GetBlockAtHeight(long height) =>
        height >= 0 && height < _active.Count ? BlockOf(_active[(int)height]) : null;

    /// <summary>The best chain's header at <paramref name="height"/>, or null above the tip.</summary>
    public BlockHeader? GetHeaderAtHeight(long height) =>
        height >= 0 && height < _active.Count ? _active[(int)height].Header : null;

    /// <summary>A locator for the best chain, for asking a peer what follows.</summary>
    public ImmutableArray<Hash256> GetLocator()
    {
        var heights = BlockLocator.Heights(Height);
        var hashes = ImmutableArray.CreateBuilder<Hash256>(heights.Count);
        foreach (var height in heights) hashes.Add(_active[(int)height].Hash);
        return hashes.MoveToImmutable();
    }

    /// <summary>
    /// Headers of the best chain after the newest locator hash that is on it (after genesis if none is), at most
    /// <paramref name="max"/>, stopping early after <paramref name="stopHash"/> if given.
    /// </summary>
    public ImmutableArray<BlockHeader> GetHeadersAfter(IEnumerable<Hash256> locator, int max, Hash256 stopHash = default)
    {
        ArgumentNullException.ThrowIfNull(locator);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var start = FindLocatorStart(locator);
        var end = Math.Min(Height, start + max);
        var headers = ImmutableArray.CreateBuilder<BlockHeader>((int)Math.Max(0, end - start));
        for (var height = start + 1; height <= end; height++)
        {
            var entry = _active[(int)height];
            headers.Add(entry.Header);
            if (!stopHash.IsZero && entry.Hash == stopHash) break;
        }
        return headers.ToImmutable();
    }

    /// <summary>Submits untrusted bytes: decodes within the chain's limits, then <see cref="Accept(Block)"/>.</summary>
    public BlockAcceptance Accept(ReadOnlySpan<byte> bytes)
    {
        var decoded = BlockDecoder.TryDecode(bytes, _chain, out var block);
        if (decoded.IsValid) return Accept(block!);
        // Name the block by its header when there is one, so the caller can tell a peer which block was bad.
        var hash = bytes.Length >= BlockHeader.Size
            ? Crypto.DoubleSha256.Hash(bytes[..BlockHeader.Size])
            : Hash256.Zero;
        return Outcome(BlockAcceptanceKind.Invalid, hash, decoded);
    }

    /// <summary>
    /// Submits a block. Idempotent by hash. Runs the context-free layer once, places the block in the tree (or the
    /// orphan pool), adopts orphans it was waiting for, and moves the best chain to the valid tip with the most work.
    /// </summary>
    public BlockAcceptance Accept(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var hash = block.Hash;
        if (_index.TryGetValue(hash, out var known))
            return known.Status == BlockStatus.Invalid
                ? Outcome(BlockAcceptanceKind.Invalid, hash, known.Rejection)
                : Outcome(BlockAcceptanceKind.Duplicate, hash);
        if (_orphans.Contains(hash)) return Outcome(BlockAcceptanceKind.Duplicate, hash);
        if (_rejected.TryGet(hash, out var rejected)) return Outcome(BlockAcceptanceKind.Invalid, hash, rejected);

        // A hash already in the shared store passed the context-free rules for some node of this chain:
        // use that copy, and its signatures are not checked again.
        if (!_blocks.TryGet(hash, out var canonical))
        {
            var verdict = _contextFree.Validate(block);
            if (!verdict.IsValid) return Reject(hash, verdict);
            canonical = block;
        }

        var parentHash = canonical.Header.PreviousHash;
        if (!_index.TryGetValue(parentHash, out var parent))
        {
            if (_rejected.TryGet(parentHash, out var parentVerdict))
                return Reject(hash, AncestorRejection(parentHash, parentVerdict));
            _orphans.TryAdd(canonical, out _);
            return Outcome(BlockAcceptanceKind.Orphan, hash) with { MissingAncestor = _orphans.MissingAncestorOf(parentHash) };
        }

        var tipBefore = Tip;
        var (entry, placement) = Place(canonical, parent);
        if (entry is null) return Reject(hash, placement);
        var adopted = AdoptOrphans(entry);
        ActivateBestChain();

        if (entry.Status == BlockStatus.Invalid)
            return ChainChange(BlockAcceptanceKind.Invalid, hash, tipBefore, entry.Rejection, adopted);
        var kind = Tip == tipBefore ? BlockAcceptanceKind.SideBranch
            : IsAncestor(tipBefore, Tip) ? BlockAcceptanceKind.ExtendedTip
            : BlockAcceptanceKind.Reorganized;
        return ChainChange(kind, hash, tipBefore, BlockValidationResult.Valid, adopted);
    }

    // Contextual checks against the parent; on success the block joins the tree and the shared store.
    private (BlockIndexEntry? Entry, BlockValidationResult Verdict) Place(Block block, BlockIndexEntry parent)
    {
        if (parent.Status == BlockStatus.Invalid)
            return (null, AncestorRejection(parent.Hash, parent.Rejection));
        var verdict = _contextual.Validate(block, parent.Header, parent.Height, height => AncestorHeader(parent, height));
        if (!verdict.IsValid) return (null, verdict);

        var stored = _blocks.GetOrAdd(block);
        var entry = new BlockIndexEntry(stored.Hash, stored.Header, parent, ProofOfWork.WorkFor(stored.Header.Bits), _nextSequence++);
        parent.AddChild(entry);
        _index.Add(entry.Hash, entry);
        if (entry.IsBetterThan(_best)) _best = entry;
        return (entry, BlockValidationResult.Valid);
    }

    // Orphans waiting (directly or through other orphans) for a block that just joined the tree.
    private ImmutableArray<Hash256> AdoptOrphans(BlockIndexEntry placed)
    {
        var adopted = ImmutableArray.CreateBuilder<Hash256>();
        var waiting = new Queue<BlockIndexEntry>();
        waiting.Enqueue(placed);
        while (waiting.TryDequeue(out var parent))
        {
            foreach (var orphan in _orphans.TakeChildrenOf(parent.Hash))
            {
                var (entry, verdict) = Place(orphan, parent);
                if (entry is null)
                {
                    _rejected.Remember(orphan.Hash, verdict);
                    DropOrphansOf(orphan.Hash, verdict);
                    continue;
                }
                adopted.Add(orphan.Hash);
                waiting.Enqueue(entry);
            }
        }
        return adopted.ToImmutable();
    }

    // The descendants of a block rejected for good can never be valid. After a passing failure (a time still too
    // far ahead, a mutated body under a real block's hash) they stay, since the same hash may yet connect.
    private void DropOrphansOf(Hash256 rejectedHash, BlockValidationResult verdict)
    {
        if (!verdict.Reason.IsPermanentForHash()) return;
        var dropped = new Stack<(Hash256 Hash, BlockValidationResult Verdict)>();
        dropped.Push((rejectedHash, verdict));
        while (dropped.TryPop(out var item))
            foreach (var orphan in _orphans.TakeChildrenOf(item.Hash))
            {
                var orphanVerdict = AncestorRejection(item.Hash, item.Verdict);
                _rejected.Remember(orphan.Hash, orphanVerdict);
                dropped.Push((orphan.Hash, orphanVerdict));
            }
    }

    // Moves the best chain to the best valid tip. A branch that fails state validation is marked invalid from the
    // failing block on, the previous chain is restored, and the next best tip is tried.
    private void ActivateBestChain()
    {
        while (_best != Tip)
        {
            var failure = TrySwitchTo(_best);
            if (failure is not { } failed) continue;
            MarkInvalid(failed.Entry, failed.Verdict);
            _best = FindBestCandidate();
        }
    }

    private (BlockIndexEntry Entry, BlockValidationResult Verdict)? TrySwitchTo(BlockIndexEntry target)
    {
        var fork = FindFork(Tip, target);
        var disconnected = new List<BlockIndexEntry>();
        while (Tip != fork) disconnected.Add(DisconnectTip());

        var branch = PathFrom(fork, target);
        for (var i = 0; i < branch.Count; i++)
        {
            var entry = branch[i];
            var verdict = Connect(entry);
            if (verdict.IsValid) continue;

            for (var j = 0; j < i; j++) DisconnectTip();
            for (var j = disconnected.Count - 1; j >= 0; j--)
            {
                var restored = Connect(disconnected[j]);
                if (!restored.IsValid)
                    throw new InvalidOperationException($"block {disconnected[j]} no longer connects after a failed reorganisation: {restored}");
            }
            return (entry, verdict);
        }
        return null;
    }

    private BlockValidationResult Connect(BlockIndexEntry entry)
    {
        var verdict = _accounts.TryConnect(BlockOf(entry), entry.Height, _chain, out var undo);
        if (!verdict.IsValid) return verdict;
        entry.Undo = undo;
        entry.Status = BlockStatus.StateValid;
        _active.Add(entry);
        return verdict;
    }

    private BlockIndexEntry DisconnectTip()
    {
        var tip = Tip;
        if (tip.Parent is null) throw new InvalidOperationException("the genesis block cannot be disconnected");
        _accounts.Revert(tip.Undo ?? throw new InvalidOperationException($"block {tip} has no undo data"));
        tip.Undo = null;
        _active.RemoveAt(_active.Count - 1);
        return tip;
    }

    private void MarkInvalid(BlockIndexEntry failed, BlockValidationResult verdict)
    {
        failed.Status = BlockStatus.Invalid;
        failed.Rejection = verdict;
        var descendants = new Stack<BlockIndexEntry>(failed.Children);
        while (descendants.TryPop(out var entry))
        {
            if (entry.Status == BlockStatus.Invalid) continue;
            entry.Status = BlockStatus.Invalid;
            entry.Rejection = AncestorRejection(entry.Parent!.Hash, entry.Parent.Rejection);
            foreach (var child in entry.Children) descendants.Push(child);
        }
    }

    // Rare (after a state failure), so a scan of the tree is acceptable.
    private BlockIndexEntry FindBestCandidate()
    {
        var best = Genesis;
        foreach (var entry in _index.Values)
            if (entry.Status != BlockStatus.Invalid && entry.IsBetterThan(best)) best = entry;
        return best;
    }

    private BlockAcceptance ChainChange(
        BlockAcceptanceKind kind, Hash256 hash, BlockIndexEntry tipBefore, BlockValidationResult verdict, ImmutableArray<Hash256> adopted)
    {
        var outcome = Outcome(kind, hash, verdict) with { AdoptedOrphans = adopted };
        if (Tip == tipBefore) return outcome;

        var fork = FindFork(tipBefore, Tip);
        var disconnected = ImmutableArray.CreateBuilder<Block>();
        for (var entry = tipBefore; entry != fork; entry = entry.Parent!) disconnected.Add(BlockOf(entry));
        var connected = ImmutableArray.CreateBuilder<Block>();
        foreach (var entry in PathFrom(fork, Tip)) connected.Add(BlockOf(entry));

        var returned = ImmutableArray<Transaction>.Empty;
        if (disconnected.Count > 0)
        {
            var confirmed = new HashSet<Hash256>();
            foreach (var block in connected)
                foreach (var tx in block.Transactions) confirmed.Add(tx.Id);
            var back = ImmutableArray.CreateBuilder<Transaction>();
            for (var i = disconnected.Count - 1; i >= 0; i--)
                foreach (var tx in disconnected[i].Transactions)
                    if (!tx.IsCoinbase && !confirmed.Contains(tx.Id)) back.Add(tx);
            returned = back.ToImmutable();
        }
        return outcome with
        {
            Disconnected = disconnected.ToImmutable(),
            Connected = connected.ToImmutable(),
            ReturnedTransactions = returned,
        };
    }

    private BlockAcceptance Reject(Hash256 hash, BlockValidationResult verdict)
    {
        _rejected.Remember(hash, verdict);
        DropOrphansOf(hash, verdict);
        return Outcome(BlockAcceptanceKind.Invalid, hash, verdict);
    }

    private BlockAcceptance Outcome(BlockAcceptanceKind kind, Hash256 hash, BlockValidationResult? verdict = null) => new()
    {
        Kind = kind,
        BlockHash = hash,
        Verdict = verdict ?? BlockValidationResult.Valid,
        TipHash = Tip.Hash,
        TipHeight = Tip.Height,
    };

    private static BlockValidationResult AncestorRejection(Hash256 ancestor, BlockValidationResult ancestorVerdict) =>
        BlockValidationResult.Reject(BlockRejectReason.InvalidAncestor,
            ancestorVerdict.Reason == BlockRejectReason.InvalidAncestor
                ? ancestorVerdict.Message
                : $"ancestor {ancestor} is invalid ({ancestorVerdict.Reason}: {ancestorVerdict.Message})");

    private long FindLocatorStart(IEnumerable<Hash256> locator)
    {
        foreach (var hash in locator)
            if (_index.TryGetValue(hash, out var entry) && IsActive(entry)) return entry.Height;
        return 0;
    }

    private Block BlockOf(BlockIndexEntry entry) =>
        _blocks.TryGet(entry.Hash, out var block)
            ? block
            : throw new InvalidOperationException($"block {entry.Hash} is in the tree but not in the block store");

    private bool IsActive(BlockIndexEntry entry) => entry.Height < _active.Count && _active[(int)entry.Height] == entry;

    // Reads the header at a lower height on entry's branch; jumps to the best chain as soon as the branch meets it.
    private BlockHeader AncestorHeader(BlockIndexEntry entry, long height)
    {
        if (height < 0 || height > entry.Height) throw new ArgumentOutOfRangeException(nameof(height));
        var current = entry;
        while (current.Height > height)
        {
            if (IsActive(current)) return _active[(int)height].Header;
            current = current.Parent!;
        }
        return current.Header;
    }

    private static BlockIndexEntry FindFork(BlockIndexEntry a, BlockIndexEntry b)
    {
        while (a.Height > b.Height) a = a.Parent!;
        while (b.Height > a.Height) b = b.Parent!;
        while (a != b)
        {
            a = a.Parent!;
            b = b.Parent!;
        }
        return a;
    }

    private static bool IsAncestor(BlockIndexEntry ancestor, BlockIndexEntry entry)
    {
        while (entry.Height > ancestor.Height) entry = entry.Parent!;
        return entry == ancestor;
    }

    // The entries after `from` up to and including `to`, lowest first; `from` must be an ancestor of `to`.
    private static List<BlockIndexEntry> PathFrom(BlockIndexEntry from, BlockIndexEntry to)
    {
        var path = new List<BlockIndexEntry>((int)(to.Height - from.Height));
        for (var entry = to; entry != from; entry = entry.Parent!) path.Add(entry);
        path.Reverse();
        return path;
    }
}
