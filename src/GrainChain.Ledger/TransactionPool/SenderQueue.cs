using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.TransactionPool;

/// <summary>
/// One sender's pending transfers in nonce order with no gap: entry i carries nonce <see cref="FirstNonce"/> + i.
/// Also tracks their total cost so funding checks are O(1).
/// </summary>
internal sealed class SenderQueue(Address sender)
{
    private readonly List<MempoolEntry> _entries = [];

    public Address Sender { get; } = sender;
    public int Count => _entries.Count;
    public MempoolEntry this[int index] => _entries[index];
    public ulong FirstNonce => _entries[0].Nonce;
    public ulong NextNonce => _entries[0].Nonce + (ulong)_entries.Count;
    public MempoolEntry Tail => _entries[^1];

    /// <summary>Sum of amount plus fee over every entry, in base units.</summary>
    public long TotalCost { get; private set; }

    public int IndexOf(MempoolEntry entry) => checked((int)(entry.Nonce - FirstNonce));

    public void Append(MempoolEntry entry)
    {
        if (_entries.Count > 0 && entry.Nonce != NextNonce)
            throw new InvalidOperationException($"nonce {entry.Nonce} would leave a gap after {NextNonce - 1}");
        _entries.Add(entry);
        TotalCost += entry.Cost;
    }

    public MempoolEntry ReplaceAt(int index, MempoolEntry entry)
    {
        var old = _entries[index];
        if (old.Nonce != entry.Nonce) throw new InvalidOperationException("a replacement keeps the nonce");
        _entries[index] = entry;
        TotalCost += entry.Cost - old.Cost;
        return old;
    }

    public MempoolEntry RemoveTail()
    {
        var tail = _entries[^1];
        _entries.RemoveAt(_entries.Count - 1);
        TotalCost -= tail.Cost;
        return tail;
    }

    public IEnumerable<MempoolEntry> Entries => _entries;
}
