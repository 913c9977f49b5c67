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
/// One node's view of a shared <see cref="BlockTree"/>: the tip of its best chain (most work, first seen on ties),
/// the heads of the side branches it has seen, and the orphans waiting for a parent. Everything per block (entries,
/// accounts after each block, verdicts) lives in the tree, so a node costs the same whatever the chain's length.
/// Not thread-safe: its owner (a grain) serialises calls; the tree it shares is thread-safe.
/// </summary>
public sealed class ChainState
{
    private readonly BlockTree _tree;
    private readonly OrphanPool _orphans;
    private readonly RejectedBlockCache _rejected;
    private readonly TipAccountView _accounts;
    private readonly int _maxSideBranches;

    // Heads of every branch this node has seen, in the order it first saw them: the equal-work tie-break and the
    // choice of a next best tip after a state failure both read this order. A block is "seen" by this node when it
    // is an ancestor-or-self of the tip or of one of these.
    private readonly List<BlockIndexEntry> _heads = [];
    private BlockIndexEntry _tip;

    /// <summary>A node with a tree of its own.</summary>
    public ChainState(ChainParams chain, IBlockStore blocks, SignatureVerifier signatures, TimeProvider clock,
        ChainStateOptions? options = null)
        : this(new BlockTree(chain, blocks, signatures, clock), options)
    {
    }

    /// <summary>A node on a tree shared with other nodes of the process; it starts at genesis.</summary>
    public ChainState(BlockTree tree, ChainStateOptions? options = null)
    {
        _tree = tree ?? throw new ArgumentNullException(nameof(tree));
        options ??= new ChainStateOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxSideBranches);
        _orphans = new OrphanPool(options.MaxOrphanBlocks, options.MaxOrphanBytes);
        _rejected = new RejectedBlockCache(options.MaxRememberedRejections);
        _maxSideBranches = options.MaxSideBranches;
        _accounts = new TipAccountView(this);
        _tip = tree.Genesis;
        _heads.Add(_tip);
    }

    public ChainParams Chain => _tree.Chain;

    /// <summary>The tree this node's view is of.</summary>
    public BlockTree Tree => _tree;

    /// <summary>The tip of the best chain.</summary>
    public BlockIndexEntry Tip => _tip;

    public long Height => _tip.Height;

    public BlockIndexEntry Genesis => _tree.Genesis;

    /// <summary>Balances and nonces at the best tip (the same object follows the tip as it moves).</summary>
    public IAccountView Accounts => _accounts;

    /// <summary>Every non-empty account at the best tip (immutable, so no copy is made).</summary>
    public ImmutableDictionary<Address, Account> SnapshotAccounts() => TipAccounts.Accounts;

    internal AccountSnapshot TipAccounts =>
        _tip.Accounts ?? throw new InvalidOperationException($"the tip {_tip} has no accounts");

    /// <summary>Blocks in the shared tree, every branch and invalid ones included.</summary>
    public int BlockCount => _tree.Count;

    public int OrphanCount => _orphans.Count;

    public long OrphanBytes => _orphans.Bytes;

    public bool IsOrphan(Hash256 hash) => _orphans.Contains(hash);

    /// <summary>The first ancestor of an orphan that the node lacks (the orphan's own hash if it is not held).</summary>
    public Hash256 MissingAncestorOf(Hash256 orphanHash) => _orphans.MissingAncestorOf(orphanHash);

    /// <summary>A block this node has seen (any branch), by hash.</summary>
    public bool TryGetEntry(Hash256 hash, [MaybeNullWhen(false)] out BlockIndexEntry entry) =>
        _tree.TryGetEntry(hash, out entry) && HasSeen(entry);

    /// <summary>A block this node has seen (any branch), by hash.</summary>
    public bool TryGetBlock(Hash256 hash, [MaybeNullWhen(false)] out Block block)
    {
        block = null;
        return TryGetEntry(hash, out _) && _tree.Blocks.TryGet(hash, out block);
    }

    public bool IsOnBestChain(Hash256 hash) => _tree.TryGetEntry(hash, out var entry) && IsOnBestChain(entry);

    /// <summary>The best chain's block at <paramref name="height"/>, or null above the tip.</summary>
    public Block? GetBlockAtHeight(long height) =>
        height >= 0 && height <= Height ? _tree.BlockOf(_tip.GetAncestor(height)) : null;

    /// <summary>The best chain's header at <paramref name="height"/>, or null above the tip.</summary>
    public BlockHeader? GetHeaderAtHeight(long height) =>
        height >= 0 && height <= Height ? _tip.GetAncestor(height).Header : null;

    /// <summary>A locator for the best chain, for asking a peer what follows.</summary>
    public ImmutableArray<Hash256> GetLocator()
    {
        var heights = BlockLocator.Heights(Height);
        var hashes = ImmutableArray.CreateBuilder<Hash256>(heights.Count);
        var entry = _tip;
        // Heights come highest first, so each lookup starts from the previous one.
        foreach (var height in heights)
        {
            entry = entry.GetAncestor(height);
            hashes.Add(entry.Hash);
        }
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
        if (end <= start) return [];
        var path = PathFrom(_tip.GetAncestor(start), _tip.GetAncestor(end));
        var headers = ImmutableArray.CreateBuilder<BlockHeader>(path.Count);
        foreach (var entry in path)
        {
            headers.Add(entry.Header);
            if (!stopHash.IsZero && entry.Hash == stopHash) break;
        }
        return headers.ToImmutable();
    }

    /// <summary>Submits untrusted bytes: decodes within the chain's limits, then <see cref="Accept(Block)"/>.</summary>
    public BlockAcceptance Accept(ReadOnlySpan<byte> bytes)
    {
        var decoded = BlockDecoder.TryDecode(bytes, Chain, out var block);
        if (decoded.IsValid) return Accept(block!);
        // Name the block by its header when there is one, so the caller can tell a peer which block was bad.
        var hash = bytes.Length >= BlockHeader.Size
            ? Crypto.DoubleSha256.Hash(bytes[..BlockHeader.Size])
            : Hash256.Zero;
        return Outcome(BlockAcceptanceKind.Invalid, hash, decoded);
    }

    /// <summary>
    /// Submits a block. Idempotent by hash for this node. A block another node already placed in the tree is new to
    /// this one but is not validated again; any other block runs the context-free layer once and joins the tree (or
    /// the orphan pool). Then orphans it was waiting for are adopted and the tip moves to the valid head with the
    /// most work.
    /// </summary>
    public BlockAcceptance Accept(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var hash = block.Hash;
        if (_tree.TryGetEntry(hash, out var known))
        {
            if (known.Status == BlockStatus.Invalid)
            {
                // Another node may have found it invalid while this one holds its children as orphans.
                DropOrphansOf(hash, known.Rejection);
                return Outcome(BlockAcceptanceKind.Invalid, hash, known.Rejection);
            }
            if (HasSeen(known)) return Outcome(BlockAcceptanceKind.Duplicate, hash);
        }
        if (_orphans.Contains(hash)) return Outcome(BlockAcceptanceKind.Duplicate, hash);
        if (_rejected.TryGet(hash, out var rejected)) return Outcome(BlockAcceptanceKind.Invalid, hash, rejected);

        BlockIndexEntry entry;
        if (known is not null)
        {
            // Placed by another node: valid in context, but this node must have seen its parent like any other block.
            if (!HasSeen(known.Parent!)) return Orphan(_tree.BlockOf(known));
            entry = known;
        }
        else
        {
            var verdict = _tree.CheckContextFree(block, out var canonical);
            if (!verdict.IsValid) return Reject(hash, verdict);

            var parentHash = canonical.Header.PreviousHash;
            if (!_tree.TryGetEntry(parentHash, out var parent) || (parent.Status != BlockStatus.Invalid && !HasSeen(parent)))
            {
                if (_rejected.TryGet(parentHash, out var parentVerdict))
                    return Reject(hash, BlockTree.AncestorRejection(parentHash, parentVerdict));
                return Orphan(canonical);
            }
            var (placed, placement) = _tree.Place(canonical, parent);
            if (placed is null) return Reject(hash, placement);
            entry = placed;
        }

        var tipBefore = _tip;
        See(entry);
        var adopted = AdoptOrphans(entry);
        ActivateBestChain();

        if (entry.Status == BlockStatus.Invalid)
            return ChainChange(BlockAcceptanceKind.Invalid, hash, tipBefore, entry.Rejection, adopted);
        var kind = _tip == tipBefore ? BlockAcceptanceKind.SideBranch
            : tipBefore.IsAncestorOrSelfOf(_tip) ? BlockAcceptanceKind.ExtendedTip
            : BlockAcceptanceKind.Reorganized;
        return ChainChange(kind, hash, tipBefore, BlockValidationResult.Valid, adopted);
    }

    private BlockAcceptance Orphan(Block block)
    {
        _orphans.TryAdd(block, out _);
        return Outcome(BlockAcceptanceKind.Orphan, block.Hash) with
        {
            MissingAncestor = _orphans.MissingAncestorOf(block.Header.PreviousHash),
        };
    }

    // Orphans waiting (directly or through other orphans) for a block this node just saw.
    private ImmutableArray<Hash256> AdoptOrphans(BlockIndexEntry placed)
    {
        var adopted = ImmutableArray.CreateBuilder<Hash256>();
        var waiting = new Queue<BlockIndexEntry>();
        waiting.Enqueue(placed);
        while (waiting.TryDequeue(out var parent))
        {
            foreach (var orphan in _orphans.TakeChildrenOf(parent.Hash))
            {
                var (entry, verdict) = _tree.TryGetEntry(orphan.Hash, out var known)
                    ? known.Status == BlockStatus.Invalid ? (null, known.Rejection) : (known, BlockValidationResult.Valid)
                    : _tree.Place(orphan, parent);
                if (entry is null)
                {
                    _rejected.Remember(orphan.Hash, verdict);
                    DropOrphansOf(orphan.Hash, verdict);
                    continue;
                }
                See(entry);
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
                var orphanVerdict = BlockTree.AncestorRejection(item.Hash, item.Verdict);
                _rejected.Remember(orphan.Hash, orphanVerdict);
                dropped.Push((orphan.Hash, orphanVerdict));
            }
    }

    private bool HasSeen(BlockIndexEntry entry)
    {
        if (entry.IsAncestorOrSelfOf(_tip)) return true;
        foreach (var head in _heads)
            if (entry.IsAncestorOrSelfOf(head)) return true;
        return false;
    }

    // A newly seen block replaces the head it extends, and goes last: it is the most recently seen.
    private void See(BlockIndexEntry entry)
    {
        for (var i = _heads.Count - 1; i >= 0; i--)
            if (_heads[i].IsAncestorOrSelfOf(entry)) _heads.RemoveAt(i);
        _heads.Add(entry);
        if (_heads.Count > _maxSideBranches + 1) ForgetWeakestSideBranch();
    }

    // Forgets the oldest invalid head if there is one, else the one with the least work (the oldest among equals);
    // never the newest, nor the best chain's own head.
    private void ForgetWeakestSideBranch()
    {
        var weakest = -1;
        for (var i = 0; i < _heads.Count - 1; i++)
        {
            var head = _heads[i];
            if (head.Status == BlockStatus.Invalid)
            {
                weakest = i;
                break;
            }
            if (_tip.IsAncestorOrSelfOf(head)) continue;
            if (weakest < 0 || head.CumulativeWork < _heads[weakest].CumulativeWork) weakest = i;
        }
        if (weakest >= 0) _heads.RemoveAt(weakest);
    }

    // Moves the tip to the best valid head. State is computed (or found computed) along the way from the fork; a
    // failure marks the failing block invalid in the tree and the next best is tried. Nothing to undo: the tip moves
    // only once the whole path has connected.
    private void ActivateBestChain()
    {
        BlockIndexEntry best;
        while ((best = BestCandidate()) != _tip)
            if (ConnectsFrom(FindFork(_tip, best), best)) _tip = best;
    }

    private bool ConnectsFrom(BlockIndexEntry fork, BlockIndexEntry target)
    {
        foreach (var entry in PathFrom(fork, target))
            if (!_tree.Connect(entry).IsValid) return false;
        return true;
    }

    // The most work wins; on equal work the tip stays, then the head seen first. An invalid head stands for its
    // newest valid ancestor (another node may have found it invalid since this one saw it).
    private BlockIndexEntry BestCandidate()
    {
        var best = _tip;
        foreach (var head in _heads)
        {
            var candidate = head;
            while (candidate.Status == BlockStatus.Invalid) candidate = candidate.Parent!;
            if (candidate.CumulativeWork > best.CumulativeWork) best = candidate;
        }
        return best;
    }

    private BlockAcceptance ChainChange(
        BlockAcceptanceKind kind, Hash256 hash, BlockIndexEntry tipBefore, BlockValidationResult verdict, ImmutableArray<Hash256> adopted)
    {
        var outcome = Outcome(kind, hash, verdict) with { AdoptedOrphans = adopted };
        if (_tip == tipBefore) return outcome;

        var fork = FindFork(tipBefore, _tip);
        var disconnected = ImmutableArray.CreateBuilder<Block>();
        for (var entry = tipBefore; entry != fork; entry = entry.Parent!) disconnected.Add(_tree.BlockOf(entry));
        var path = PathFrom(fork, _tip);
        var connected = ImmutableArray.CreateBuilder<Block>(path.Count);
        foreach (var entry in path) connected.Add(_tree.BlockOf(entry));

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
            Connected = connected.MoveToImmutable(),
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
        TipHash = _tip.Hash,
        TipHeight = _tip.Height,
    };

    private long FindLocatorStart(IEnumerable<Hash256> locator)
    {
        foreach (var hash in locator)
            if (_tree.TryGetEntry(hash, out var entry) && IsOnBestChain(entry)) return entry.Height;
        return 0;
    }

    private bool IsOnBestChain(BlockIndexEntry entry) => entry.IsAncestorOrSelfOf(_tip);

    private static BlockIndexEntry FindFork(BlockIndexEntry a, BlockIndexEntry b)
    {
        if (a.Height > b.Height) a = a.GetAncestor(b.Height);
        else if (b.Height > a.Height) b = b.GetAncestor(a.Height);
        while (a != b)
        {
            a = a.Parent!;
            b = b.Parent!;
        }
        return a;
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
