using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Chain;

/// <summary>
/// Blocks whose parent is unknown, waiting for it. Bounded by count and by encoded bytes; when full, the oldest
/// arrivals are evicted first, so what is kept depends only on the order of arrival.
/// </summary>
public sealed class OrphanPool
{
    private readonly int _maxCount;
    private readonly long _maxBytes;
    private readonly Dictionary<Hash256, LinkedListNode<Block>> _byHash = new();
    private readonly Dictionary<Hash256, List<Hash256>> _byParent = new();
    private readonly LinkedList<Block> _arrivalOrder = new();

    public OrphanPool(int maxCount, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        _maxCount = maxCount;
        _maxBytes = maxBytes;
    }

    public int Count => _byHash.Count;

    /// <summary>Encoded bytes of all held blocks.</summary>
    public long Bytes { get; private set; }

    public bool Contains(Hash256 hash) => _byHash.ContainsKey(hash);

    /// <summary>
    /// Holds <paramref name="block"/>, evicting the oldest orphans as needed. Returns false (and holds nothing) when
    /// the block alone exceeds the pool or is already held. <paramref name="evicted"/> lists what made room.
    /// </summary>
    public bool TryAdd(Block block, out IReadOnlyList<Hash256> evicted)
    {
        ArgumentNullException.ThrowIfNull(block);
        evicted = [];
        var size = block.EncodedSize;
        if (_maxCount == 0 || size > _maxBytes || _byHash.ContainsKey(block.Hash)) return false;

        List<Hash256>? dropped = null;
        while (_byHash.Count >= _maxCount || Bytes + size > _maxBytes)
        {
            var oldest = _arrivalOrder.First!.Value;
            Remove(oldest);
            (dropped ??= []).Add(oldest.Hash);
        }
        _byHash.Add(block.Hash, _arrivalOrder.AddLast(block));
        var parent = block.Header.PreviousHash;
        if (!_byParent.TryGetValue(parent, out var siblings)) _byParent[parent] = siblings = [];
        siblings.Add(block.Hash);
        Bytes += size;
        if (dropped is not null) evicted = dropped;
        return true;
    }

    /// <summary>Removes and returns the held children of <paramref name="parentHash"/>, in arrival order.</summary>
    public IReadOnlyList<Block> TakeChildrenOf(Hash256 parentHash)
    {
        if (!_byParent.TryGetValue(parentHash, out var children)) return [];
        var blocks = new List<Block>(children.Count);
        foreach (var hash in children) blocks.Add(_byHash[hash].Value);
        foreach (var block in blocks) Remove(block);
        return blocks;
    }

    /// <summary>
    /// The first ancestor of a held block that is not itself held: the block a node should fetch next.
    /// Returns <paramref name="hash"/> itself if it is not held.
    /// </summary>
    public Hash256 MissingAncestorOf(Hash256 hash)
    {
        var current = hash;
        // Bounded by the pool size, even if a hash cycle were ever forged.
        for (var steps = 0; steps <= _byHash.Count && _byHash.TryGetValue(current, out var node); steps++)
            current = node.Value.Header.PreviousHash;
        return current;
    }

    private void Remove(Block block)
    {
        var node = _byHash[block.Hash];
        _byHash.Remove(block.Hash);
        _arrivalOrder.Remove(node);
        Bytes -= block.EncodedSize;
        var parent = block.Header.PreviousHash;
        var siblings = _byParent[parent];
        siblings.Remove(block.Hash);
        if (siblings.Count == 0) _byParent.Remove(parent);
    }
}
