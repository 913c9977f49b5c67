using GrainChain.Hosting.Pending;
using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.TransactionPool;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Grains.Chains;

/// <summary>A chain's mempool as the rows of an <see cref="IPendingTransactionStore"/>: encoding, decoding, and what to write.</summary>
internal static class MempoolRows
{
    /// <summary>Rows for <paramref name="transactions"/>, numbered from <paramref name="nextSequence"/>, which moves past them.</summary>
    public static List<PendingTransaction> Encode(IReadOnlyList<Transaction> transactions, ref long nextSequence)
    {
        var rows = new List<PendingTransaction>(transactions.Count);
        foreach (var transaction in transactions)
            rows.Add(new PendingTransaction(nextSequence++, transaction.Id.ToArray(), transaction.ToArray()));
        return rows;
    }

    /// <summary>False for bytes that are not a transaction: a damaged row costs that transaction, not the node.</summary>
    public static bool TryDecode(PendingTransaction row, out Transaction transaction)
    {
        try
        {
            transaction = Transaction.Decode(row.Bytes);
            return true;
        }
        catch (LedgerDecodeException)
        {
            transaction = null!;
            return false;
        }
    }

    /// <summary>
    /// What to store and what to remove so the rows (<paramref name="stored"/>) hold the mempool: linear in both,
    /// so it runs when a block moves the tip, not per transfer.
    /// </summary>
    public static (List<Transaction> Added, List<Hash256> Removed) Diff(Mempool mempool, Dictionary<Hash256, long>? stored)
    {
        var added = new List<Transaction>();
        foreach (var transaction in mempool.Snapshot())
            if (stored?.ContainsKey(transaction.Id) != true) added.Add(transaction);
        var removed = stored is null ? [] : stored.Keys.Where(id => !mempool.Contains(id)).ToList();
        return (added, removed);
    }
}
