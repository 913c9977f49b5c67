using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using GrainChain.Hosting.Blocks;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Validation;

namespace GrainChain.Grains.Services;

/// <summary>
/// The block bodies the nodes of one silo share, one copy per hash, bounded: a block the cluster's archive holds may
/// be dropped once the cache is over its byte budget (least recently used first) and is read back from the archive
/// when asked for again. A block not yet archived (just placed, or on a side branch no node connected) is pinned in
/// memory until its node archives it, since nothing else could give it back.
/// </summary>
public sealed class BlockCache : IBlockStore
{
    private readonly IBlockArchive _archive;
    private readonly long _budget;
    private readonly ConcurrentDictionary<Hash256, Block> _pinned = new();
    private readonly Dictionary<Hash256, LinkedListNode<Block>> _cached = [];
    private readonly LinkedList<Block> _recency = new();
    private readonly Lock _gate = new();
    private long _cachedBytes;

    public BlockCache(ChainParams chain, IBlockArchive archive, long budgetBytes)
    {
        Chain = chain ?? throw new ArgumentNullException(nameof(chain));
        _archive = archive ?? throw new ArgumentNullException(nameof(archive));
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        _budget = budgetBytes;
    }

    public ChainParams Chain { get; }

    public int Count
    {
        get
        {
            lock (_gate) return _pinned.Count + _cached.Count;
        }
    }

    /// <summary>Bytes of archived blocks held (pinned ones come on top: they cannot be dropped).</summary>
    public long CachedBytes
    {
        get
        {
            lock (_gate) return _cachedBytes;
        }
    }

    public int PinnedCount => _pinned.Count;

    public bool TryGet(Hash256 hash, [MaybeNullWhen(false)] out Block block)
    {
        if (_pinned.TryGetValue(hash, out block)) return true;
        lock (_gate)
        {
            if (_cached.TryGetValue(hash, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                block = node.Value;
                return true;
            }
        }

        block = Load(hash);
        if (block is null) return false;
        block = Keep(block);
        return true;
    }

    public Block GetOrAdd(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (TryGetHeld(block.Hash, out var held)) return held;
        return _pinned.GetOrAdd(block.Hash, block);
    }

    /// <summary>The blocks are in the archive now: they may be dropped under pressure and read back later.</summary>
    public void MarkArchived(IEnumerable<Hash256> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        foreach (var hash in hashes)
            if (_pinned.TryRemove(hash, out var block)) Keep(block);
    }

    private bool TryGetHeld(Hash256 hash, [MaybeNullWhen(false)] out Block block)
    {
        if (_pinned.TryGetValue(hash, out block)) return true;
        lock (_gate)
        {
            if (_cached.TryGetValue(hash, out var node))
            {
                block = node.Value;
                return true;
            }
        }

        return false;
    }

    private Block Keep(Block block)
    {
        lock (_gate)
        {
            if (_cached.TryGetValue(block.Hash, out var existing)) return existing.Value;
            _cached[block.Hash] = _recency.AddFirst(block);
            _cachedBytes += block.EncodedSize;
            while (_cachedBytes > _budget && _recency.Last is { } oldest && oldest.Value != block)
            {
                _recency.RemoveLast();
                _cached.Remove(oldest.Value.Hash);
                _cachedBytes -= oldest.Value.EncodedSize;
            }

            return block;
        }
    }

    // A miss is rare (an old block a peer or a page asks for): the archive is read synchronously here because the
    // ledger asks for blocks from inside its single-threaded rules. The archives complete without the caller's
    // scheduler (ConfigureAwait(false) throughout), so this cannot deadlock a grain; it only holds its turn.
    private Block? Load(Hash256 hash)
    {
        var stored = _archive.GetAsync(hash.ToArray()).GetAwaiter().GetResult();
        if (stored is null) return null;
        var block = BlockDecoder.Decode(stored.Bytes, Chain);
        return block.Hash == hash ? block : throw new InvalidOperationException($"the block archive returned block {block.Hash} for {hash}");
    }
}
