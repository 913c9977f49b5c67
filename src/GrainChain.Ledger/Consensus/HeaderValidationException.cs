using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Consensus;

/// <summary>A header in a chain broke a header rule; <see cref="Height"/> and <see cref="Reason"/> say where and which.</summary>
public sealed class HeaderValidationException : LedgerException
{
    public HeaderValidationException(long height, Hash256 headerHash, HeaderRejection rejection)
        : base($"header {headerHash} at height {height} rejected ({rejection.Reason}): {rejection.Message}")
    {
        Height = height;
        HeaderHash = headerHash;
        Reason = rejection.Reason;
    }

    public long Height { get; }
    public Hash256 HeaderHash { get; }
    public HeaderRejectReason Reason { get; }
}
