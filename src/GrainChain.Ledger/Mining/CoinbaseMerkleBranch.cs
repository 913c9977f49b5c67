using GrainChain.Ledger.Crypto;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Mining;

/// <summary>
/// The sibling hashes on the path from the coinbase (leaf 0) to the merkle root. Only the coinbase changes between
/// extra-nonces, so a new root costs one hash per tree level instead of hashing every transaction again.
/// </summary>
public sealed class CoinbaseMerkleBranch
{
    private readonly Hash256[] _siblings;

    /// <summary>The branch for a block whose transactions after the coinbase are <paramref name="others"/>.</summary>
    public CoinbaseMerkleBranch(IReadOnlyList<Transaction> others)
    {
        ArgumentNullException.ThrowIfNull(others);
        var siblings = new List<Hash256>();
        // Slot 0 stands for the coinbase's subtree; no sibling depends on it.
        var level = new Hash256[others.Count + 1];
        for (var i = 0; i < others.Count; i++) level[i + 1] = others[i].Id;
        var count = level.Length;
        while (count > 1)
        {
            siblings.Add(level[1]);
            var next = 1;
            for (var i = 2; i < count; i += 2)
            {
                var right = i + 1 < count ? level[i + 1] : level[i];
                level[next++] = DoubleSha256.HashPair(level[i], right);
            }
            count = next;
        }
        _siblings = [.. siblings];
    }

    public int Depth => _siblings.Length;

    /// <summary>The merkle root of the block whose coinbase has <paramref name="coinbaseId"/>.</summary>
    public Hash256 RootFor(in Hash256 coinbaseId)
    {
        var node = coinbaseId;
        foreach (var sibling in _siblings) node = DoubleSha256.HashPair(node, sibling);
        return node;
    }
}
