using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.State;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.TransactionPool;

/// <summary>
/// Pending transfers validated against the current tip, ordered by fee per byte within per-sender nonce sequences,
/// bounded in count and bytes.
/// </summary>
/// <remarks>
/// <para>Every sender's pending transfers form a gap-free run of nonces starting at the sender's next nonce at the
/// tip, and the tip balance covers the amount plus fee of the whole run. A transfer whose nonce lies beyond the
/// end of its sender's run is refused (<see cref="MempoolRejectReason.NonceTooHigh"/>) rather than parked: peers
/// announce transaction ids and a node fetches what it lacks, so a missing predecessor arrives soon, and held
/// future nonces would be unfunded, unselectable memory an attacker could fill for free.</para>
/// <para>Not thread-safe: one owner calls it at a time (the chain grain, which runs one request per turn). The
/// owner must report every tip change through <see cref="OnBlockConnected"/>, <see cref="ReAdmit"/> or
/// <see cref="Revalidate"/> before admitting against the new tip.</para>
/// </remarks>
public sealed partial class Mempool
{
    private readonly MempoolOptions _options;
    private readonly SignatureVerifier _signatures;
    private readonly Dictionary<Hash256, MempoolEntry> _byId = [];
    private readonly Dictionary<Address, SenderQueue> _senders = [];

    // The last entry of every sender: the only ones that can be evicted without leaving a gap.
    private readonly SortedSet<MempoolEntry> _tails = new(MempoolEntryOrder.WorstFirst);

    private IAccountView _tip;
    private long _bytes;
    private long _nextSequence;

    public Mempool(uint chainId, MempoolOptions options, SignatureVerifier signatures, IAccountView tip)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(tip);
        ChainId = chainId;
        _options = options.Validate();
        _signatures = signatures;
        _tip = tip;
    }

    /// <summary>The chain id every admitted transfer must carry.</summary>
    public uint ChainId { get; }

    public MempoolOptions Options => _options;

    /// <summary>Number of pending transactions.</summary>
    public int Count => _byId.Count;

    /// <summary>Encoded bytes of all pending transactions.</summary>
    public long Bytes => _bytes;

    /// <summary>Number of senders with at least one pending transaction.</summary>
    public int SenderCount => _senders.Count;

    public bool Contains(Hash256 txid) => _byId.ContainsKey(txid);

    public bool TryGet(Hash256 txid, out Transaction transaction)
    {
        if (_byId.TryGetValue(txid, out var entry))
        {
            transaction = entry.Transaction;
            return true;
        }
        transaction = null!;
        return false;
    }

    /// <summary>The sender's pending transfers in nonce order (empty if none).</summary>
    public IReadOnlyList<Transaction> PendingOf(Address sender) =>
        _senders.TryGetValue(sender, out var queue) ? [.. queue.Entries.Select(e => e.Transaction)] : [];

    /// <summary>The nonce the sender's next new transfer must carry: the tip's, plus what is pending.</summary>
    public ulong NextNonceOf(Address sender) =>
        _senders.TryGetValue(sender, out var queue) ? queue.NextNonce : _tip.NextNonceOf(sender);

    /// <summary>
    /// Every pending transaction, grouped by sender in nonce order: the form to persist, since handing it back to
    /// <see cref="ReAdmit"/> restores the pool.
    /// </summary>
    public IReadOnlyList<Transaction> Snapshot()
    {
        var all = new List<Transaction>(_byId.Count);
        foreach (var queue in _senders.Values)
            foreach (var entry in queue.Entries)
                all.Add(entry.Transaction);
        return all;
    }

    private MempoolEntry NewEntry(Transaction transaction, Address sender) => new(transaction, sender, _nextSequence++);

    private bool IsOverCapacity(int extraCount, long extraBytes) =>
        _byId.Count + extraCount > _options.MaxTransactions || _bytes + extraBytes > _options.MaxBytes;

    private void AppendEntry(MempoolEntry entry)
    {
        if (_senders.TryGetValue(entry.Sender, out var queue))
        {
            _tails.Remove(queue.Tail);
        }
        else
        {
            queue = new SenderQueue(entry.Sender);
            _senders.Add(entry.Sender, queue);
        }
        queue.Append(entry);
        _tails.Add(entry);
        _byId.Add(entry.Transaction.Id, entry);
        _bytes += entry.Size;
    }

    private MempoolEntry ReplaceEntry(SenderQueue queue, int index, MempoolEntry entry)
    {
        var wasTail = index == queue.Count - 1;
        if (wasTail) _tails.Remove(queue.Tail);
        var old = queue.ReplaceAt(index, entry);
        if (wasTail) _tails.Add(entry);
        _byId.Remove(old.Transaction.Id);
        _byId.Add(entry.Transaction.Id, entry);
        _bytes += entry.Size - old.Size;
        return old;
    }

    private MempoolEntry RemoveTail(SenderQueue queue)
    {
        var tail = queue.RemoveTail();
        _tails.Remove(tail);
        if (queue.Count > 0) _tails.Add(queue.Tail);
        else _senders.Remove(queue.Sender);
        _byId.Remove(tail.Transaction.Id);
        _bytes -= tail.Size;
        return tail;
    }

    /// <summary>Takes a sender's whole sequence out of the pool and returns it in nonce order.</summary>
    private List<MempoolEntry> Detach(SenderQueue queue)
    {
        var entries = queue.Entries.ToList();
        _tails.Remove(queue.Tail);
        _senders.Remove(queue.Sender);
        foreach (var entry in entries)
        {
            _byId.Remove(entry.Transaction.Id);
            _bytes -= entry.Size;
        }
        return entries;
    }
}
