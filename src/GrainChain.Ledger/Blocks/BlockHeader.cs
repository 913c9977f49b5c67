using GrainChain.Ledger.Crypto;
using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Blocks;

/// <summary>Bitcoin's 80-byte block header; its hash is the double SHA-256 of those 80 bytes.</summary>
public readonly record struct BlockHeader(
    int Version,
    Hash256 PreviousHash,
    Hash256 MerkleRoot,
    uint Time,
    uint Bits,
    uint Nonce)
{
    public const int Size = 80;

    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size) throw new ArgumentException("a header needs 80 bytes", nameof(destination));
        var writer = new SpanWriter(destination);
        writer.WriteInt32(Version);
        writer.WriteHash(PreviousHash);
        writer.WriteHash(MerkleRoot);
        writer.WriteUInt32(Time);
        writer.WriteUInt32(Bits);
        writer.WriteUInt32(Nonce);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    public Hash256 ComputeHash()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return DoubleSha256.Hash(bytes);
    }

    /// <summary>Decodes exactly 80 bytes.</summary>
    public static BlockHeader Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new SpanReader(bytes);
        var header = Read(ref reader);
        reader.EnsureEnd("header");
        return header;
    }

    public static BlockHeader Read(ref SpanReader reader) => new(
        reader.ReadInt32("header.version"),
        reader.ReadHash("header.previousHash"),
        reader.ReadHash("header.merkleRoot"),
        reader.ReadUInt32("header.time"),
        reader.ReadUInt32("header.bits"),
        reader.ReadUInt32("header.nonce"));
}
