namespace GrainChain.Ledger.Validation;

/// <summary>Why a block was refused; one code per rule, grouped by the validation layer that checks it.</summary>
public enum BlockRejectReason
{
    /// <summary>Not a rejection: the block passed the layer.</summary>
    None = 0,

    // Decoding.
    /// <summary>The encoding is larger than the chain's block size limit.</summary>
    TooLarge = 100,
    /// <summary>The encoding declares more transactions than the chain allows.</summary>
    TooManyTransactions,
    /// <summary>The bytes are not a canonical block encoding (truncated, trailing bytes, bad field).</summary>
    Malformed,

    // Context-free.
    /// <summary>The block has no transactions at all.</summary>
    NoTransactions = 200,
    /// <summary>The first transaction is not a coinbase.</summary>
    FirstTransactionNotCoinbase,
    /// <summary>A transaction after the first is a coinbase.</summary>
    ExtraCoinbase,
    /// <summary>The header's merkle root does not commit to the transactions.</summary>
    MerkleRootMismatch,
    /// <summary>Two transactions share a txid (also how a merkle-duplicated body shows up).</summary>
    DuplicateTransaction,
    /// <summary>The header's bits do not decode to a target, or the target is easier than the chain's limit.</summary>
    InvalidTarget,
    /// <summary>The header hash does not meet the target of its own bits.</summary>
    InsufficientProofOfWork,
    /// <summary>A transaction is signed for another chain.</summary>
    WrongChainId,
    /// <summary>A transfer's signature is missing, not canonical, or not by its sender over its content.</summary>
    BadSignature,

    // Contextual.
    /// <summary>The parent is not known (a block tree holds such a block as an orphan instead of rejecting it).</summary>
    UnknownParent = 300,
    /// <summary>The block (or an ancestor) descends from a block already found invalid.</summary>
    InvalidAncestor,
    /// <summary>The bits differ from what the difficulty rules require at this height.</summary>
    WrongBits,
    /// <summary>The time does not exceed the median time of the previous blocks.</summary>
    TimeTooEarly,
    /// <summary>The time is further ahead of the validating node's clock than the chain allows.</summary>
    TimeTooFarInFuture,
    /// <summary>The coinbase does not carry the block's height.</summary>
    WrongCoinbaseHeight,

    // State.
    /// <summary>A transfer's nonce was already used by an earlier block of this chain.</summary>
    NonceReplayed = 400,
    /// <summary>A transfer reuses a nonce its sender already used earlier in the same block.</summary>
    NonceReusedInBlock,
    /// <summary>A transfer's nonce skips ahead of the sender's next nonce.</summary>
    NonceGap,
    /// <summary>The sender's balance does not cover amount plus fee.</summary>
    InsufficientBalance,
    /// <summary>The coinbase pays more than the block reward plus the fees of the block.</summary>
    CoinbaseOverpays,
    /// <summary>A balance, fee total or nonce would leave its valid range.</summary>
    ArithmeticOverflow,
}
