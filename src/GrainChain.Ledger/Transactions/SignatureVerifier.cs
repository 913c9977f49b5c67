namespace GrainChain.Ledger.Transactions;

/// <summary>Checks transaction signatures; the entry point block and mempool validation use.</summary>
public sealed class SignatureVerifier
{
    /// <summary>True when the transfer carries a valid canonical signature by its sender.</summary>
    public bool Verify(Transaction transfer) => TransactionSigner.Verify(transfer);

    /// <summary>True when every non-coinbase transaction in <paramref name="transactions"/> verifies.</summary>
    public bool VerifyAll(IReadOnlyList<Transaction> transactions)
    {
        foreach (var tx in transactions)
            if (!tx.IsCoinbase && !Verify(tx)) return false;
        return true;
    }
}
