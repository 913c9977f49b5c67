using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Encoding;

namespace GrainChain.Abstractions.Serialization;

/// <summary>A <see cref="BlockHeader"/> on the wire: its canonical 80 bytes, the same bytes its hash is taken over.</summary>
[GenerateSerializer, Immutable, Alias("gc.header")]
public readonly struct BlockHeaderSurrogate(byte[] bytes)
{
    [Id(0)] public readonly byte[] Bytes = bytes;
}

/// <summary>Converts <see cref="BlockHeader"/> to and from <see cref="BlockHeaderSurrogate"/> with the ledger's decoder.</summary>
[RegisterConverter]
public sealed class BlockHeaderConverter : IConverter<BlockHeader, BlockHeaderSurrogate>
{
    public BlockHeader ConvertFromSurrogate(in BlockHeaderSurrogate surrogate)
    {
        var bytes = surrogate.Bytes ?? throw WireFormatException.Missing(nameof(BlockHeader), "header");
        try
        {
            return BlockHeader.Decode(bytes);
        }
        catch (LedgerDecodeException error)
        {
            throw WireFormatException.FromLedger(nameof(BlockHeader), error);
        }
    }

    public BlockHeaderSurrogate ConvertToSurrogate(in BlockHeader value) => new(value.ToArray());
}
