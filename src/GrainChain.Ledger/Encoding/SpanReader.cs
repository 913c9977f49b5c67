using System.Buffers.Binary;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Encoding;

/// <summary>
/// Reads the canonical encoding from untrusted bytes. Every read is bounds-checked and fails with a
/// <see cref="LedgerDecodeException"/> naming the field; lengths are checked against a caller-given maximum
/// before anything is allocated.
/// </summary>
public ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public SpanReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>The bytes consumed so far, from <paramref name="start"/>.</summary>
    public readonly ReadOnlySpan<byte> Consumed(int start) => _buffer[start.._position];

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count < 0 || count > Remaining)
            throw new LedgerDecodeException(field, $"needs {count} bytes, {Remaining} remain");
        var slice = _buffer.Slice(_position, count);
        _position += count;
        return slice;
    }

    public byte ReadByte(string field) => Take(1, field)[0];
    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));
    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));
    public ulong ReadUInt64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));
    public long ReadInt64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, field));
    public Hash256 ReadHash(string field) => new(Take(Hash256.Size, field));
    public Address ReadAddress(string field) => new(Take(Address.Size, field));
    public ReadOnlySpan<byte> ReadBytes(int count, string field) => Take(count, field);

    /// <summary>An amount, rejected unless it lies in [0, <see cref="Amount.MaxUnits"/>].</summary>
    public Amount ReadAmount(string field)
    {
        var units = ReadInt64(field);
        if (!Amount.IsValid(units))
            throw new LedgerDecodeException(field, $"amount {units} is outside [0, {Amount.MaxUnits}]");
        return new Amount(units);
    }

    /// <summary>Reads a CompactSize, rejecting non-minimal forms and values above <paramref name="max"/>.</summary>
    public ulong ReadCompactSize(string field, ulong max)
    {
        var first = ReadByte(field);
        ulong value;
        ulong minimum;
        switch (first)
        {
            case < 0xFD:
                value = first;
                minimum = 0;
                break;
            case 0xFD:
                value = BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));
                minimum = 0xFD;
                break;
            case 0xFE:
                value = ReadUInt32(field);
                minimum = 0x1_0000;
                break;
            default:
                value = ReadUInt64(field);
                minimum = 0x1_0000_0000;
                break;
        }
        if (value < minimum)
            throw new LedgerDecodeException(field, "length is not in its shortest form");
        if (value > max)
            throw new LedgerDecodeException(field, $"length {value} exceeds the limit of {max}");
        return value;
    }

    /// <summary>A CompactSize-prefixed byte string of at most <paramref name="maxLength"/> bytes.</summary>
    public ReadOnlySpan<byte> ReadVarBytes(string field, int maxLength) =>
        Take((int)ReadCompactSize(field, (ulong)maxLength), field);

    /// <summary>Fails unless every byte was consumed: trailing bytes would make encodings non-unique.</summary>
    public readonly void EnsureEnd(string what)
    {
        if (Remaining != 0)
            throw new LedgerDecodeException(what, $"{Remaining} unexpected trailing bytes");
    }
}
