using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Crypto;

/// <summary>
/// Hashes all 256 bits with the process's random <see cref="HashCode"/> seed. Keys of verification caches come
/// from peers, and <see cref="Hash256.GetHashCode"/> uses 32 fixed bits: an attacker could grind txids into
/// one dictionary bucket. With a secret seed the bucket of a txid cannot be predicted.
/// </summary>
internal sealed class SeededHash256Comparer : IEqualityComparer<Hash256>
{
    public static readonly SeededHash256Comparer Instance = new();

    public bool Equals(Hash256 x, Hash256 y) => x == y;

    public int GetHashCode(Hash256 hash)
    {
        var (w0, w1, w2, w3) = hash.Words;
        return HashCode.Combine(w0, w1, w2, w3);
    }
}
