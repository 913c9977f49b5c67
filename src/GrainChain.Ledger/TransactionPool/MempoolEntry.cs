using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.TransactionPool;

/// <summary>One pending transfer with the figures the pool orders and accounts by, computed once.</summary>
internal sealed class MempoolEntry
{
    public MempoolEntry(Transaction transaction, Address sender, long sequence)
    {
        Transaction = transaction;
        Sender = sender;
        Sequence = sequence;
        Size = transaction.EncodedSize;
        Cost = transaction.Amount.Units + transaction.Fee.Units;
        Rate = new FeeRate(transaction.Fee.Units, Size);
    }

    public Transaction Transaction { get; }
    public Address Sender { get; }
    public ulong Nonce => Transaction.Nonce;

    /// <summary>Arrival order, unique per pool: breaks fee-rate ties so every ordering is total and stable.</summary>
    public long Sequence { get; }

    public int Size { get; }

    /// <summary>What the transfer takes out of the sender's balance: amount plus fee, in base units.</summary>
    public long Cost { get; }

    public FeeRate Rate { get; }
}
