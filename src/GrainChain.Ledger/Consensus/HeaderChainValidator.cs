using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Consensus;

/// <summary>
/// Checks block headers against the chain's header rules: link to the parent, valid bits within the
/// proof-of-work limit, bits as the retarget rules require, time above the median time past and not too far
/// ahead of the node's clock, and a hash that meets the header's own target.
/// </summary>
/// <remarks>
/// Rules are checked from cheapest to dearest, so a header breaking several reports the first one in the order
/// of <see cref="HeaderRejectReason"/>. The clock comes from the injected <see cref="TimeProvider"/>.
/// </remarks>
public sealed class HeaderChainValidator
{
    private readonly ChainParams _chain;
    private readonly TimeProvider _timeProvider;
    private readonly Hash256 _powLimit;
    private readonly Hash256 _genesisHash;

    public HeaderChainValidator(ChainParams chain, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!ProofOfWork.TryDecodeTargetHash(chain.PowLimitBits, out _powLimit))
            throw new ArgumentException($"the chain's pow limit 0x{chain.PowLimitBits:x8} is not a valid target", nameof(chain));
        _chain = chain;
        _timeProvider = timeProvider;
        _genesisHash = chain.GenesisHeader.ComputeHash();
    }

    public ChainParams Chain => _chain;

    /// <summary>
    /// Validates <paramref name="headers"/> as a chain starting at genesis (index = height) and returns the hash of
    /// the last one. Throws <see cref="HeaderValidationException"/> for the first header that breaks a rule.
    /// </summary>
    public Hash256 Validate(IReadOnlyList<BlockHeader> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.Count == 0) throw new ArgumentException("a header chain starts with its genesis header", nameof(headers));
        var genesisHash = headers[0].ComputeHash();
        if (headers[0] != _chain.GenesisHeader)
        {
            throw new HeaderValidationException(0, genesisHash, new HeaderRejection(
                HeaderRejectReason.GenesisMismatch, $"expected the genesis header {_genesisHash} of chain '{_chain.Name}'"));
        }

        // One clock reading for the whole batch, so a long validation judges every header against the same "now".
        var now = _timeProvider.GetUtcNow();
        BlockHeader AncestorAt(long height) => headers[checked((int)height)];
        var parentHash = genesisHash;
        for (var height = 1; height < headers.Count; height++)
        {
            var header = headers[height];
            var hash = header.ComputeHash();
            if (Check(header, hash, height, parentHash, AncestorAt, now) is { } rejection)
                throw new HeaderValidationException(height, hash, rejection);
            parentHash = hash;
        }
        return parentHash;
    }

    /// <summary>
    /// Checks one header at <paramref name="height"/> (at least 1) whose parent has <paramref name="parentHash"/>;
    /// <paramref name="ancestorAt"/> returns the headers below it on the same branch. Null when every rule holds.
    /// </summary>
    public HeaderRejection? CheckHeader(in BlockHeader header, long height, in Hash256 parentHash, Func<long, BlockHeader> ancestorAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(ancestorAt);
        return Check(header, header.ComputeHash(), height, parentHash, ancestorAt, _timeProvider.GetUtcNow());
    }

    private HeaderRejection? Check(
        in BlockHeader header, in Hash256 hash, long height, in Hash256 parentHash,
        Func<long, BlockHeader> ancestorAt, DateTimeOffset now)
    {
        if (header.PreviousHash != parentHash)
            return Reject(HeaderRejectReason.PreviousHashMismatch, $"previous hash {header.PreviousHash} is not the parent's hash {parentHash}");

        if (!ProofOfWork.TryDecodeTargetHash(header.Bits, out var target))
            return Reject(HeaderRejectReason.InvalidTarget, $"bits 0x{header.Bits:x8} decode to a negative, zero or overflowing target");
        if (target > _powLimit)
            return Reject(HeaderRejectReason.InvalidTarget, $"bits 0x{header.Bits:x8} are easier than the limit 0x{_chain.PowLimitBits:x8}");

        var parent = ancestorAt(height - 1);
        var required = DifficultyRules.RequiredBits(_chain, height, parent, ancestorAt);
        if (header.Bits != required)
            return Reject(HeaderRejectReason.UnexpectedBits, $"bits 0x{header.Bits:x8} where the retarget rules require 0x{required:x8}");

        var medianTimePast = DifficultyRules.MedianTimePast(_chain, height - 1, ancestorAt);
        if (header.Time <= medianTimePast)
            return Reject(HeaderRejectReason.TimeTooEarly, $"time {header.Time} is not after the median time past {medianTimePast}");

        var latest = DifficultyRules.MaxAllowedTime(_chain, now);
        if (header.Time > latest)
            return Reject(HeaderRejectReason.TimeTooFarInFuture, $"time {header.Time} is after the latest allowed time {latest}");

        if (hash > target)
            return Reject(HeaderRejectReason.InsufficientProofOfWork, $"hash {hash} is above the target {target} of bits 0x{header.Bits:x8}");
        return null;
    }

    private static HeaderRejection Reject(HeaderRejectReason reason, string message) => new(reason, message);
}
