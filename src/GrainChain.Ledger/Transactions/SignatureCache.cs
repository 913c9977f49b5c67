using GrainChain.Ledger.Crypto;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Transactions;

/// <summary>
/// The txids of transfers whose signatures verified. A txid is the double SHA-256 of the whole encoding, sender
/// key and signature included, so an equal txid means the very same bytes and so the very same verdict;
/// a different signature (even the high-S twin of a good one) is a different txid and is checked afresh.
/// Only successes are stored: a failure is cheap to find again, and storing them would let anyone fill the cache.
/// </summary>
internal sealed class SignatureCache
{
    private readonly SecondChanceCache<Hash256, byte> _verified;

    public SignatureCache(int capacity) =>
        _verified = new SecondChanceCache<Hash256, byte>(capacity, SeededHash256Comparer.Instance);

    public int Count => _verified.Count;

    public bool Contains(in Hash256 txid) => _verified.ContainsKey(txid);

    public void Add(in Hash256 txid) => _verified.TryAdd(txid, 0);
}
