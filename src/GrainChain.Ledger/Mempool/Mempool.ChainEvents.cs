using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.State;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Mempool;

public sealed partial class Mempool
{
    /// <summary>
    /// The tip moved forward by <paramref name="block"/>. Only its senders' accounts lost balance or advanced a
    /// nonce, so only their sequences are re-checked: included and conflicting transfers (nonce now used) go, and
    /// a sequence is cut where the new balance stops covering it. Returns the pending transfers that were dropped
    /// as invalid, not counting those included in the block.
    /// </summary>
    public IReadOnlyList<Transaction> OnBlockConnected(Block block, IAccountView newTip)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(newTip);
        _tip = newTip;
        var included = new HashSet<Hash256>();
        var senders = new HashSet<Address>();
        foreach (var tx in block.Transactions)
        {
            if (tx.IsCoinbase) continue;
            included.Add(tx.Id);
            // A pending entry already knows its sender; deriving it costs a SHA-256.
            senders.Add(_byId.TryGetValue(tx.Id, out var known) ? known.Sender : tx.SenderAddress);
        }

        var dropped = new List<Transaction>();
        foreach (var sender in senders)
        {
            if (!_senders.TryGetValue(sender, out var queue)) continue;
            foreach (var entry in Detach(queue))
                if (!included.Contains(entry.Transaction.Id)) dropped.Add(entry.Transaction);
        }
        // Every survivor was verified when it first arrived, so none is verified again.
        var kept = Reinsert(senders, dropped, trusted: null);
        dropped.RemoveAll(tx => kept.Contains(tx.Id));
        return dropped;
    }

    /// <summary>Re-admits the transfers of <paramref name="blocks"/> after they left the best chain.</summary>
    public IReadOnlyList<Transaction> OnBlocksDisconnected(IEnumerable<Block> blocks, IAccountView newTip)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        return ReAdmit(blocks.SelectMany(b => b.Transactions).Where(tx => !tx.IsCoinbase), newTip);
    }

    /// <summary>
    /// After a reorganisation (or a restart): adopts <paramref name="newTip"/>, re-checks every pending sequence
    /// against it, and merges in <paramref name="transactions"/> (those of disconnected blocks, or a persisted
    /// <see cref="Snapshot"/>) wherever they extend a sender's sequence gap-free and funded. Where a candidate and
    /// a pending transfer share a nonce, the higher fee stays. Whatever does not fit the bounds afterwards is
    /// evicted cheapest tail first. Returns the transactions that are not pending afterwards.
    /// Cost is linear in the pool size plus the candidates: reorganisations are rare.
    /// </summary>
    public IReadOnlyList<Transaction> ReAdmit(IEnumerable<Transaction> transactions, IAccountView newTip)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(newTip);
        _tip = newTip;
        var candidates = new List<Transaction>();
        var senders = new HashSet<Address>(_senders.Keys);
        foreach (var queue in _senders.Values.ToList())
            foreach (var entry in Detach(queue))
                candidates.Add(entry.Transaction);
        var previouslyPending = new HashSet<Hash256>(candidates.Select(tx => tx.Id));

        var seen = new HashSet<Hash256>(previouslyPending);
        var outsiders = new List<Transaction>();
        foreach (var tx in transactions)
        {
            if (tx is null || tx.IsCoinbase || !tx.IsSigned || tx.ChainId != ChainId || !seen.Add(tx.Id)) continue;
            outsiders.Add(tx);
            senders.Add(tx.SenderAddress);
        }
        candidates.AddRange(outsiders);

        var kept = Reinsert(senders, candidates, trusted: previouslyPending);
        var lost = new List<Transaction>();
        foreach (var tx in candidates)
            if (!kept.Contains(tx.Id)) lost.Add(tx);
        return lost;
    }

    /// <summary>Re-checks every pending sequence against <paramref name="newTip"/>; returns what was dropped.</summary>
    public IReadOnlyList<Transaction> Revalidate(IAccountView newTip) => ReAdmit([], newTip);

    /// <summary>
    /// Rebuilds the sequences of <paramref name="senders"/> (already detached) from <paramref name="candidates"/>:
    /// from each sender's tip nonce upward while nonces run without a gap, the balance covers them, and the
    /// per-sender limit allows. Signatures of candidates outside <paramref name="trusted"/> are verified
    /// (when <paramref name="trusted"/> is null every candidate is trusted). Returns the txids now pending.
    /// </summary>
    private HashSet<Hash256> Reinsert(HashSet<Address> senders, List<Transaction> candidates, HashSet<Hash256>? trusted)
    {
        var bySender = new Dictionary<Address, Dictionary<ulong, Transaction>>();
        foreach (var tx in candidates)
        {
            var sender = tx.SenderAddress;
            if (!senders.Contains(sender)) continue;
            if (!bySender.TryGetValue(sender, out var byNonce)) bySender[sender] = byNonce = [];
            if (!byNonce.TryGetValue(tx.Nonce, out var rival) || tx.Fee > rival.Fee) byNonce[tx.Nonce] = tx;
        }

        var kept = new HashSet<Hash256>();
        foreach (var (sender, byNonce) in bySender)
        {
            var nonce = _tip.NextNonceOf(sender);
            var balance = _tip.BalanceOf(sender).Units;
            long cost = 0;
            var taken = 0;
            while (taken < _options.MaxPendingPerSender && byNonce.TryGetValue(nonce, out var tx))
            {
                var entry = NewEntry(tx, sender);
                if (cost + entry.Cost > balance) break;
                if (trusted is not null && !trusted.Contains(tx.Id) && !_signatures.Verify(tx)) break;
                AppendEntry(entry);
                kept.Add(tx.Id);
                cost += entry.Cost;
                taken++;
                nonce++;
            }
        }

        foreach (var evicted in TrimToCapacity()) kept.Remove(evicted.Transaction.Id);
        return kept;
    }
}
