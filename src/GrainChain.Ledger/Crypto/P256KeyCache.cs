using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Crypto;

/// <summary>
/// Imported verification keys by compressed public key. Decompressing (a 256-bit modular exponentiation) and
/// importing into OpenSSL cost several verifications, so a sender seen before verifies at the bare ECDSA cost.
/// </summary>
internal sealed class P256KeyCache : IDisposable
{
    private readonly SecondChanceCache<PublicKey, P256VerificationKey>? _keys;
    private readonly int _poolSize;

    /// <param name="capacity">Keys kept; 0 imports afresh for every check.</param>
    /// <param name="poolSize">Idle instances kept per key: about the number of threads verifying at once.</param>
    public P256KeyCache(int capacity, int poolSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _poolSize = Math.Max(1, poolSize);
        if (capacity > 0) _keys = new SecondChanceCache<PublicKey, P256VerificationKey>(capacity, onEvicted: static k => k.Dispose());
    }

    public int Count => _keys?.Count ?? 0;

    /// <summary>Checks a signature with <paramref name="publicKey"/>; false for keys off the curve and bad signatures.</summary>
    public bool Verify(PublicKey publicKey, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        if (publicKey.IsEmpty) return false;
        if (_keys is not null && _keys.TryGetValue(publicKey, out var cached))
            return cached.Verify(digest, signature);

        // Keys that fail to import are not remembered: anyone can make endless invalid keys, and remembering
        // them would only push out the keys of honest senders.
        if (!P256VerificationKey.TryImport(publicKey.Span, _poolSize, out var imported)) return false;
        if (_keys is not null && _keys.TryAdd(publicKey, imported))
            return imported.Verify(digest, signature);

        // Not cached (caching off, or another thread imported the same key first): ours is single-use.
        using (imported) return imported.Verify(digest, signature);
    }

    public void Dispose() => _keys?.Clear();
}
