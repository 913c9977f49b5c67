using System.Buffers.Binary;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Encoding;

/// <summary>Writes the canonical little-endian encoding into a span sized up front by the caller.</summary>
public ref struct SpanWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public SpanWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;
    public readonly Span<byte> Written => _buffer[.._position];

    public void WriteByte(byte value) => _buffer[_position++] = value;

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_position..], value);
        _position += 4;
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[_position..], value);
        _position += 4;
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer[_position..], value);
        _position += 8;
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[_position..], value);
        _position += 8;
    }

    public void WriteHash(in Hash256 hash)
    {
        hash.WriteTo(_buffer[_position..]);
        _position += Hash256.Size;
    }

    public void WriteAddress(in Address address)
    {
        address.WriteTo(_buffer[_position..]);
        _position += Address.Size;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[_position..]);
        _position += bytes.Length;
    }

    /// <summary>Bitcoin's CompactSize: 1, 3, 5 or 9 bytes, always the shortest form.</summary>
    public void WriteCompactSize(ulong value)
    {
        if (value < 0xFD)
        {
            WriteByte((byte)value);
        }
        else if (value <= ushort.MaxValue)
        {
            WriteByte(0xFD);
            BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_position..], (ushort)value);
            _position += 2;
        }
        else if (value <= uint.MaxValue)
        {
            WriteByte(0xFE);
            WriteUInt32((uint)value);
        }
        else
        {
            WriteByte(0xFF);
            WriteUInt64(value);
        }
    }

    /// <summary>A CompactSize length followed by the bytes.</summary>
    public void WriteVarBytes(ReadOnlySpan<byte> bytes)
    {
        WriteCompactSize((ulong)bytes.Length);
        WriteBytes(bytes);
    }

    public static int CompactSizeLength(ulong value) =>
        value < 0xFD ? 1 : value <= ushort.MaxValue ? 3 : value <= uint.MaxValue ? 5 : 9;
}
