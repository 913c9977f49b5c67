using GrainChain.Ledger.Blocks;

namespace GrainChain.Abstractions.Serialization;

/// <summary>A <see cref="Block"/> on the wire: its canonical encoding, header first, then the transactions.</summary>
[GenerateSerializer, Immutable, Alias("gc.block")]
public readonly struct BlockSurrogate(byte[] bytes)
{
    [Id(0)] public readonly byte[] Bytes = bytes;
}
