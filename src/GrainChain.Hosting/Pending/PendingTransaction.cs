using System.Buffers.Binary;

namespace GrainChain.Hosting.Pending;

/// <summary>
/// One stored pending transaction of a node: the sequence number its node gave the row, the transaction's 32-byte id
/// (the ledger's internal byte order) and its canonical bytes.
/// </summary>
/// <remarks>Two values are equal when their contents are, byte for byte.</remarks>
public sealed record PendingTransaction
{
    /// <summary>The length of a transaction id in bytes.</summary>
    public const int IdSize = 32;

    public PendingTransaction(long sequence, byte[] id, byte[] bytes)
    {
        ValidateSequence(sequence, nameof(sequence));
        ValidateId(id, nameof(id));
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0) throw new ArgumentException("a transaction has at least one byte", nameof(bytes));
        Sequence = sequence;
        Id = id;
        Bytes = bytes;
    }

    /// <summary>The row's key within its node: non-negative, numbered upward by the node as it stores rows.</summary>
    public long Sequence { get; }

    /// <summary>The transaction's id.</summary>
    public byte[] Id { get; }

    /// <summary>The transaction's canonical serialization.</summary>
    public byte[] Bytes { get; }

    public bool Equals(PendingTransaction? other) =>
        other is not null && Sequence == other.Sequence && Id.AsSpan().SequenceEqual(other.Id) && Bytes.AsSpan().SequenceEqual(other.Bytes);

    // An id is a hash, uniformly distributed: its first bytes are as good a hash code as any.
    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(Id);

    internal static void ValidateSequence(long sequence, string parameter) =>
        ArgumentOutOfRangeException.ThrowIfNegative(sequence, parameter);

    internal static void ValidateId(byte[] id, string parameter)
    {
        ArgumentNullException.ThrowIfNull(id, parameter);
        if (id.Length != IdSize)
            throw new ArgumentException($"a transaction id is {IdSize} bytes, not {id.Length}", parameter);
    }

    internal static void ValidateNode(string node, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(node, parameter);
    }
}
