using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.State;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.TransactionPool;

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

        var survivors = new List<MempoolEntry>();
        foreach (var sender in senders)
        {
            if (!_senders.TryGetValue(sender, out var queue)) continue;
            foreach (var entry in Detach(queue))
                if (!included.Contains(entry.Transaction.Id)) survivors.Add(entry);
        }
        var kept = Reinsert(survivors, []);
        var dropped = new List<Transaction>();
        foreach (var entry in survivors)
            if (!kept.Contains(entry.Transaction.Id)) dropped.Add(entry.Transaction);
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
        var pending = new List<MempoolEntry>(_byId.Count);
        foreach (var queue in _senders.Values.ToList()) pending.AddRange(Detach(queue));

        var seen = new HashSet<Hash256>(pending.Select(e => e.Transaction.Id));
        var outsiders = new List<Transaction>();
        foreach (var tx in transactions)
            if (tx is not null && !tx.IsCoinbase && tx.IsSigned && tx.ChainId == ChainId && seen.Add(tx.Id))
                outsiders.Add(tx);

        var kept = Reinsert(pending, outsiders);
        var lost = new List<Transaction>();
        foreach (var entry in pending)
            if (!kept.Contains(entry.Transaction.Id)) lost.Add(entry.Transaction);
        foreach (var tx in outsiders)
            if (!kept.Contains(tx.Id)) lost.Add(tx);
        return lost;
    }

    /// <summary>Re-checks every pending sequence against <paramref name="newTip"/>; returns what was dropped.</summary>
    public IReadOnlyList<Transaction> Revalidate(IAccountView newTip) => ReAdmit([], newTip);

    /// <summary>
    /// Rebuilds the sequences of every sender among the candidates (whose old sequences are already detached):
    /// from each sender's tip nonce upward while nonces run without a gap, the balance covers them, and the
    /// per-sender limit allows. Former entries keep their arrival order and skip the signature check they passed
    /// on arrival; outsiders are verified. Where two candidates share a nonce the higher fee wins (ties: the
    /// former entry). Evicts cheapest tails if the result exceeds the bounds. Returns the txids now pending.
    /// </summary>
    private HashSet<Hash256> Reinsert(List<MempoolEntry> former, List<Transaction> outsiders)
    {
        var bySender = new Dictionary<Address, Dictionary<ulong, MempoolEntry>>();
        void Offer(MempoolEntry candidate)
        {
            if (!bySender.TryGetValue(candidate.Sender, out var byNonce)) bySender[candidate.Sender] = byNonce = [];
            if (!byNonce.TryGetValue(candidate.Nonce, out var rival) || candidate.Transaction.Fee > rival.Transaction.Fee)
                byNonce[candidate.Nonce] = candidate;
        }
        foreach (var entry in former) Offer(entry);
        var unverified = new HashSet<MempoolEntry>(ReferenceEqualityComparer.Instance);
        foreach (var tx in outsiders)
        {
            var entry = NewEntry(tx, tx.SenderAddress);
            unverified.Add(entry);
            Offer(entry);
        }

        var kept = new HashSet<Hash256>();
        foreach (var (sender, byNonce) in bySender)
        {
            var nonce = _tip.NextNonceOf(sender);
            var balance = _tip.BalanceOf(sender).Units;
            long cost = 0;
            for (var taken = 0; taken < _options.MaxPendingPerSender && byNonce.TryGetValue(nonce, out var entry); taken++, nonce++)
            {
                if (cost + entry.Cost > balance) break;
                if (unverified.Contains(entry) && !_signatures.Verify(entry.Transaction)) break;
                AppendEntry(entry);
                kept.Add(entry.Transaction.Id);
                cost += entry.Cost;
            }
        }

        foreach (var evicted in TrimToCapacity()) kept.Remove(evicted.Transaction.Id);
        return kept;
    }
}
