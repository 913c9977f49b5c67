using System.Buffers.Binary;
using System.Text;

namespace GrainChain.Hosting.Blocks;

/// <summary>One stored block: its hash, its parent's hash (32 bytes each, the ledger's internal byte order) and its canonical bytes.</summary>
/// <remarks>
/// The archive does not parse blocks: <see cref="Hash"/> is the caller's word that it names <see cref="Bytes"/>.
/// The all-zero hash names no block (it is the genesis block's parent), so it is refused as <see cref="Hash"/>.
/// Two values are equal when their contents are, byte for byte.
/// </remarks>
public sealed record ArchivedBlock
{
    /// <summary>The length of a block hash in bytes.</summary>
    public const int HashSize = 32;

    public ArchivedBlock(byte[] hash, byte[] previousHash, byte[] bytes)
    {
        BlockHashes.Validate(hash, nameof(hash));
        BlockHashes.Validate(previousHash, nameof(previousHash));
        ArgumentNullException.ThrowIfNull(bytes);
        if (BlockHashes.IsZero(hash))
            throw new ArgumentException("the all-zero hash names no block (it is the genesis block's parent)", nameof(hash));
        Hash = hash;
        PreviousHash = previousHash;
        Bytes = bytes;
    }

    /// <summary>The block's hash, which the archive keys it by.</summary>
    public byte[] Hash { get; }

    /// <summary>The parent block's hash; all zeros for a genesis block.</summary>
    public byte[] PreviousHash { get; }

    /// <summary>The block's canonical serialization.</summary>
    public byte[] Bytes { get; }

    public void Deconstruct(out byte[] hash, out byte[] previousHash, out byte[] bytes)
    {
        hash = Hash;
        previousHash = PreviousHash;
        bytes = Bytes;
    }

    public bool Equals(ArchivedBlock? other) =>
        other is not null &&
        Hash.AsSpan().SequenceEqual(other.Hash) &&
        PreviousHash.AsSpan().SequenceEqual(other.PreviousHash) &&
        Bytes.AsSpan().SequenceEqual(other.Bytes);

    // A hash is uniformly distributed: its first bytes are as good a hash code as any.
    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(Hash);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Hash = ").Append(Convert.ToHexStringLower(Hash))
            .Append(", PreviousHash = ").Append(Convert.ToHexStringLower(PreviousHash))
            .Append(", Bytes = ").Append(Bytes.Length).Append(" bytes");
        return true;
    }
}
