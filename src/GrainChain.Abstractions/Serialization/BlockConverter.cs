using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Encoding;

namespace GrainChain.Abstractions.Serialization;

/// <summary>Converts <see cref="Block"/> to and from <see cref="BlockSurrogate"/>, within <see cref="WireLimits"/>.</summary>
[RegisterConverter]
public sealed class BlockConverter : IConverter<Block, BlockSurrogate>
{
    public Block ConvertFromSurrogate(in BlockSurrogate surrogate)
    {
        var bytes = surrogate.Bytes ?? throw WireFormatException.Missing(nameof(Block), "block");
        try
        {
            return Block.Decode(bytes, WireLimits.MaxBlockBytes, WireLimits.MaxBlockTransactions);
        }
        catch (LedgerDecodeException error)
        {
            throw WireFormatException.FromLedger(nameof(Block), error);
        }
    }

    /// <summary>Refuses an oversized block at the sender, where the mistake is, rather than letting every receiver refuse it.</summary>
    public BlockSurrogate ConvertToSurrogate(in Block value)
    {
        if (value.Transactions.Length > WireLimits.MaxBlockTransactions)
            throw new WireFormatException(nameof(Block), "block.transactionCount",
                $"{value.Transactions.Length} transactions exceed the wire limit of {WireLimits.MaxBlockTransactions}");
        var size = value.EncodedSize;
        if (size > WireLimits.MaxBlockBytes)
            throw new WireFormatException(nameof(Block), "block", $"{size} bytes exceed the wire limit of {WireLimits.MaxBlockBytes}");
        return new(value.ToArray());
    }
}
