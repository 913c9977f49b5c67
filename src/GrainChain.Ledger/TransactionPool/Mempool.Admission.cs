using System.Collections.Immutable;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.TransactionPool;

public sealed partial class Mempool
{
    /// <summary>
    /// Offers a transfer. Cheap checks run first and the signature last, so refused spam costs no ECDSA work;
    /// nothing changes unless the result is accepted. Re-offering a pending txid is a no-op that succeeds.
    /// </summary>
    public MempoolAdmission Add(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.IsCoinbase)
            return Reject(MempoolRejectReason.NotATransfer, "a coinbase only enters the chain inside the block that mints it");
        // An unsigned transfer has no txid, so this check comes before the lookup by id.
        if (!transaction.IsSigned) return Reject(MempoolRejectReason.BadSignature, "the transfer is not signed");
        if (_byId.ContainsKey(transaction.Id)) return MempoolAdmission.AlreadyPresent();
        if (transaction.ChainId != ChainId)
            return Reject(MempoolRejectReason.WrongChain, $"signed for chain {transaction.ChainId}, this pool holds chain {ChainId}");

        var sender = transaction.SenderAddress;
        var tipNonce = _tip.NextNonceOf(sender);
        _senders.TryGetValue(sender, out var queue);
        var nextNonce = queue?.NextNonce ?? tipNonce;
        if (transaction.Nonce < tipNonce)
            return Reject(MempoolRejectReason.NonceTooLow,
                $"nonce {transaction.Nonce} is already used; the sender's next nonce at the tip is {tipNonce}");
        if (transaction.Nonce > nextNonce)
            return Reject(MempoolRejectReason.NonceTooHigh,
                $"nonce {transaction.Nonce} would leave a gap; the sender's next nonce is {nextNonce}");

        var entry = NewEntry(transaction, sender);
        return transaction.Nonce < nextNonce ? TryReplace(queue!, entry) : TryAppend(queue, entry);
    }

    private MempoolAdmission TryAppend(SenderQueue? queue, MempoolEntry entry)
    {
        var pending = queue?.Count ?? 0;
        if (pending >= _options.MaxPendingPerSender)
            return Reject(MempoolRejectReason.SenderLimitReached,
                $"the sender already has {pending} pending transactions, the most allowed");

        var balance = _tip.BalanceOf(entry.Sender).Units;
        var required = (queue?.TotalCost ?? 0) + entry.Cost;
        if (required > balance)
            return Reject(MempoolRejectReason.InsufficientFunds, FundingMessage(balance, required, pending));

        if (!TryPlanRoom(entry, extraCount: 1, extraBytes: entry.Size, out var victims, out var refusal)) return refusal;
        if (!_signatures.Verify(entry.Transaction))
            return Reject(MempoolRejectReason.BadSignature, "the signature is not a valid canonical signature by the sender");

        var evicted = Evict(victims);
        AppendEntry(entry);
        return MempoolAdmission.Added(evicted);
    }

    private MempoolAdmission TryReplace(SenderQueue queue, MempoolEntry entry)
    {
        var index = queue.IndexOf(entry);
        var old = queue[index];
        var newFee = entry.Transaction.Fee.Units;
        var oldFee = old.Transaction.Fee.Units;
        // Integer form of newFee >= oldFee * (1 + bump%); also strictly more, so a zero fee cannot replace a zero fee.
        if (newFee <= oldFee || (Int128)newFee * 100 < (Int128)oldFee * (100 + _options.ReplacementFeeBumpPercent))
            return Reject(MempoolRejectReason.ReplacementUnderpriced,
                $"replacing nonce {entry.Nonce} needs a fee of at least {_options.ReplacementFeeBumpPercent}% above {oldFee} units, got {newFee}");

        var balance = _tip.BalanceOf(entry.Sender).Units;
        var required = queue.TotalCost - old.Cost + entry.Cost;
        if (required > balance)
            return Reject(MempoolRejectReason.InsufficientFunds, FundingMessage(balance, required, queue.Count - 1));

        if (!TryPlanRoom(entry, extraCount: 0, extraBytes: entry.Size - old.Size, out var victims, out var refusal)) return refusal;
        if (!_signatures.Verify(entry.Transaction))
            return Reject(MempoolRejectReason.BadSignature, "the signature is not a valid canonical signature by the sender");

        var evicted = Evict(victims);
        ReplaceEntry(queue, index, entry);
        return MempoolAdmission.ReplacedOne(old.Transaction, evicted);
    }

    private bool TryPlanRoom(
        MempoolEntry incoming, int extraCount, long extraBytes,
        out List<MempoolEntry> victims, out MempoolAdmission refusal)
    {
        victims = [];
        refusal = null!;
        if (!IsOverCapacity(extraCount, extraBytes)) return true;
        var countToFree = _byId.Count + extraCount - _options.MaxTransactions;
        var bytesToFree = _bytes + extraBytes - _options.MaxBytes;
        if (PlanEviction(incoming.Rate, incoming.Sender, countToFree, bytesToFree) is { } plan)
        {
            victims = plan;
            return true;
        }
        var cheapest = CheapestEvictableRate(incoming.Sender);
        refusal = Reject(MempoolRejectReason.PoolFull, cheapest is { } rate
            ? $"the pool is full; the transaction pays {incoming.Rate} and must pay more than the cheapest evictable {rate}"
            : "the pool is full and holds nothing this transaction could displace");
        return false;
    }

    private ImmutableArray<Transaction> Evict(List<MempoolEntry> victims)
    {
        if (victims.Count == 0) return [];
        var evicted = ImmutableArray.CreateBuilder<Transaction>(victims.Count);
        foreach (var victim in victims)
        {
            // The plan lists victims in an order where each is its sender's tail when its turn comes.
            var queue = _senders[victim.Sender];
            if (!ReferenceEquals(queue.Tail, victim))
                throw new InvalidOperationException("eviction plan out of step with the pool");
            evicted.Add(RemoveTail(queue).Transaction);
        }
        return evicted.MoveToImmutable();
    }

    private static string FundingMessage(long balance, long required, int otherPending) =>
        otherPending == 0
            ? $"the balance of {new Amount(balance)} does not cover amount plus fee of {FormatUnits(required)}"
            : $"the balance of {new Amount(balance)} does not cover {FormatUnits(required)}, the amount plus fee of this and {otherPending} pending transactions";

    private static string FormatUnits(long units) => Amount.IsValid(units) ? new Amount(units).ToString() : $"{units} units";

    private static MempoolAdmission Reject(MempoolRejectReason reason, string message) =>
        MempoolAdmission.Rejected(reason, message);
}
