using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;

namespace GrainChain.Ledger.Validation;

/// <summary>
/// The third validation layer: rules that need the block's parent and branch (bits, time, height) and the
/// validating node's clock.
/// </summary>
public sealed class ContextualBlockValidator
{
    private readonly ChainParams _chain;
    private readonly TimeProvider _clock;

    public ContextualBlockValidator(ChainParams chain, TimeProvider clock)
    {
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>
    /// Checks <paramref name="block"/> as the child of <paramref name="parent"/> at <paramref name="parentHeight"/>;
    /// <paramref name="ancestorAt"/> reads headers of the parent's branch at heights up to the parent's.
    /// The block must already have passed the context-free layer (so it has a coinbase).
    /// </summary>
    public BlockValidationResult Validate(Block block, in BlockHeader parent, long parentHeight, Func<long, BlockHeader> ancestorAt)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(ancestorAt);
        var header = block.Header;
        var height = parentHeight + 1;

        var required = DifficultyRules.RequiredBits(_chain, height, parent, ancestorAt);
        if (header.Bits != required)
            return BlockValidationResult.Reject(BlockRejectReason.WrongBits,
                $"bits 0x{header.Bits:x8} at height {height}, the difficulty rules require 0x{required:x8}");

        var medianTimePast = DifficultyRules.MedianTimePast(_chain, parentHeight, ancestorAt);
        if (header.Time <= medianTimePast)
            return BlockValidationResult.Reject(BlockRejectReason.TimeTooEarly,
                $"time {header.Time} does not exceed the median time past {medianTimePast}");

        var latest = DifficultyRules.MaxAllowedTime(_chain, _clock.GetUtcNow());
        if (header.Time > latest)
            return BlockValidationResult.Reject(BlockRejectReason.TimeTooFarInFuture,
                $"time {header.Time} is after the latest acceptable time {latest}");

        var coinbase = block.Transactions[0];
        if (!coinbase.IsCoinbase || coinbase.Nonce != (ulong)height)
            return BlockValidationResult.Reject(BlockRejectReason.WrongCoinbaseHeight,
                $"the coinbase carries height {coinbase.Nonce}, the block is at height {height}");
        return BlockValidationResult.Valid;
    }
}
