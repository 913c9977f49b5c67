using GrainChain.Ledger.Encoding;

namespace GrainChain.Ledger.Validation;

/// <summary>A block broke a consensus rule; <see cref="Reason"/> says which.</summary>
public sealed class BlockRejectedException : LedgerException
{
    public BlockRejectedException(BlockRejectReason reason, string message)
        : base($"block rejected ({reason}): {message}")
    {
        Reason = reason;
    }

    public BlockRejectReason Reason { get; }
}
