namespace GrainChain.Ledger.Validation;

/// <summary>Properties of reject reasons that decide how long a verdict may be remembered.</summary>
public static class BlockRejectReasonExtensions
{
    /// <summary>
    /// True when the failure is a property of the block hash itself, so every block with that hash fails the
    /// same way and the hash may be remembered as invalid. False for failures of a particular body that the
    /// header does not commit to (a mutated or malformed body may share the hash of a valid block), for proof-of-work
    /// failures (free to produce, not worth remembering) for a time too far ahead (it becomes valid later) and for an unknown parent (it may arrive).
    /// </summary>
    public static bool IsPermanentForHash(this BlockRejectReason reason) => reason switch
    {
        BlockRejectReason.None => false,
        BlockRejectReason.TooLarge or BlockRejectReason.TooManyTransactions or BlockRejectReason.Malformed => false,
        BlockRejectReason.NoTransactions or BlockRejectReason.MerkleRootMismatch or BlockRejectReason.DuplicateTransaction => false,
        BlockRejectReason.InvalidTarget or BlockRejectReason.InsufficientProofOfWork => false,
        BlockRejectReason.TimeTooFarInFuture or BlockRejectReason.UnknownParent => false,
        _ => true,
    };
}
