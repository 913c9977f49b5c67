namespace GrainChain.Ledger.TransactionPool;

/// <summary>What happened to a transaction offered to a <see cref="Mempool"/>.</summary>
public enum MempoolAdmissionOutcome
{
    /// <summary>Newly added at the end of its sender's sequence.</summary>
    Added,

    /// <summary>Took the place of the pending transaction with the same sender and nonce.</summary>
    Replaced,

    /// <summary>The same txid was already pending; nothing changed.</summary>
    AlreadyPresent,

    /// <summary>Refused; see the reason.</summary>
    Rejected,
}
