namespace GrainChain.Ledger.Consensus;

/// <summary>Why a header was refused; each header rule has its own code.</summary>
public enum HeaderRejectReason
{
    /// <summary>Height 0 is not the chain's genesis header.</summary>
    GenesisMismatch = 1,

    /// <summary>The header's previous hash is not the hash of the header below it.</summary>
    PreviousHashMismatch,

    /// <summary>The bits are negative, zero, overflow 256 bits, or are easier than the chain's proof-of-work limit.</summary>
    InvalidTarget,

    /// <summary>The bits differ from what the retarget rules require at this height.</summary>
    UnexpectedBits,

    /// <summary>The time is not greater than the median time of the previous blocks.</summary>
    TimeTooEarly,

    /// <summary>The time is further ahead of the validating node's clock than the chain allows.</summary>
    TimeTooFarInFuture,

    /// <summary>The header's hash is above the target its own bits declare.</summary>
    InsufficientProofOfWork,
}
