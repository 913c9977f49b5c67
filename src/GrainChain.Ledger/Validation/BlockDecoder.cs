using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Encoding;

namespace GrainChain.Ledger.Validation;

/// <summary>The first validation layer: turns untrusted bytes into a block within the chain's limits, or a reason.</summary>
public static class BlockDecoder
{
    /// <summary>Decodes one block; never throws for bad input, it returns the reason instead.</summary>
    public static BlockValidationResult TryDecode(ReadOnlySpan<byte> bytes, ChainParams chain, out Block? block)
    {
        ArgumentNullException.ThrowIfNull(chain);
        block = null;
        if (bytes.Length > chain.MaxBlockBytes)
            return BlockValidationResult.Reject(BlockRejectReason.TooLarge,
                $"{bytes.Length} bytes exceed the limit of {chain.MaxBlockBytes}");
        try
        {
            block = Block.Decode(bytes, chain.MaxBlockBytes, chain.MaxBlockTransactions);
            return BlockValidationResult.Valid;
        }
        catch (LedgerDecodeException e)
        {
            var reason = e.Field == "block.transactionCount" && e.Message.Contains("exceeds the limit", StringComparison.Ordinal)
                ? BlockRejectReason.TooManyTransactions
                : BlockRejectReason.Malformed;
            return BlockValidationResult.Reject(reason, e.Message);
        }
    }

    /// <summary>Decodes one block or throws <see cref="BlockRejectedException"/> with the reason.</summary>
    public static Block Decode(ReadOnlySpan<byte> bytes, ChainParams chain)
    {
        var result = TryDecode(bytes, chain, out var block);
        result.ThrowIfInvalid();
        return block!;
    }
}
