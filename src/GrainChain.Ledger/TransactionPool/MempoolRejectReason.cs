namespace GrainChain.Ledger.TransactionPool;

/// <summary>Why a <see cref="Mempool"/> refused a transaction; <see cref="None"/> on acceptance.</summary>
public enum MempoolRejectReason
{
    None = 0,

    /// <summary>A coinbase, which only enters the chain inside the block that mints it.</summary>
    NotATransfer,

    /// <summary>Signed for another chain id.</summary>
    WrongChain,

    /// <summary>Unsigned, or the signature is not a valid canonical signature by the sender.</summary>
    BadSignature,

    /// <summary>The nonce is already used at the current tip.</summary>
    NonceTooLow,

    /// <summary>The nonce is beyond the sender's next one; future nonces are not held.</summary>
    NonceTooHigh,

    /// <summary>The sender's balance does not cover amount plus fee of this and its other pending transactions.</summary>
    InsufficientFunds,

    /// <summary>Same sender and nonce as a pending transaction, without the required fee increase.</summary>
    ReplacementUnderpriced,

    /// <summary>The sender already has the most pending transactions allowed.</summary>
    SenderLimitReached,

    /// <summary>The pool is full and the transaction does not pay more per byte than what could be evicted.</summary>
    PoolFull,
}
