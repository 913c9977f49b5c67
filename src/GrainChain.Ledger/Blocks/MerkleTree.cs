using GrainChain.Ledger.Crypto;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Blocks;

/// <summary>Bitcoin's merkle root: pairwise double SHA-256, duplicating the last hash of an odd level.</summary>
public static class MerkleTree
{
    public static Hash256 ComputeRoot(ReadOnlySpan<Hash256> leaves)
    {
        if (leaves.IsEmpty) return Hash256.Zero;
        if (leaves.Length == 1) return leaves[0];
        var level = leaves.ToArray();
        var count = level.Length;
        while (count > 1)
        {
            var next = 0;
            for (var i = 0; i < count; i += 2)
            {
                var right = i + 1 < count ? level[i + 1] : level[i];
                level[next++] = DoubleSha256.HashPair(level[i], right);
            }
            count = next;
        }
        return level[0];
    }

    /// <summary>The root over the txids of <paramref name="transactions"/>.</summary>
    public static Hash256 ComputeRoot(IReadOnlyList<Transactions.Transaction> transactions)
    {
        var ids = new Hash256[transactions.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = transactions[i].Id;
        return ComputeRoot(ids);
    }
}
