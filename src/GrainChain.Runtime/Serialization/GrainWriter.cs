using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace GrainChain.Runtime.Serialization;

/// <summary>
/// A growable, pooled byte buffer that codecs write into. Contiguous on purpose: nested values are length-prefixed
/// and the prefix is patched in after the value is written, which a segmented writer could not do cheaply.
/// </summary>
public sealed class GrainWriter
{
    private byte[] _buffer;
    private int _position;
    private int _depth;
    private readonly int _maxDepth;

    internal GrainWriter(ICodecProvider codecs, int maxDepth, int initialCapacity = 256)
    {
        Codecs = codecs;
        _maxDepth = maxDepth;
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    /// <summary>Codecs for nested values of other types.</summary>
    public ICodecProvider Codecs { get; internal set; }

    internal int MaxDepth => _maxDepth;

    internal int Capacity => _buffer.Length;

    /// <summary>Bytes written so far.</summary>
    public int Length => _position;

    internal ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    /// <summary>Regions open at this point; with <see cref="Length"/>, what <see cref="Rewind"/> goes back to.</summary>
    internal int Depth => _depth;

    /// <summary>Drops everything written after a point taken earlier (a value that failed half-way).</summary>
    internal void Rewind(int length, int depth)
    {
        _position = length;
        _depth = depth;
    }

    internal void Reset(ICodecProvider codecs)
    {
        Codecs = codecs;
        _position = 0;
        _depth = 0;
    }

    internal void ReturnBuffer()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _position < count)
        {
            Grow(count);
        }

        return _buffer.AsSpan(_position, count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int count)
    {
        var needed = (long)_position + count;
        if (needed > Array.MaxLength)
        {
            throw new GrainSerializationException($"Serialized value exceeds {Array.MaxLength} bytes.");
        }

        var size = (int)Math.Min(Array.MaxLength, Math.Max(needed, (long)_buffer.Length * 2));
        var next = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _position).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }

    public void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
        _position++;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _position += bytes.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarUInt32(uint value)
    {
        if (value < 0x80)
        {
            Reserve(1)[0] = (byte)value;
            _position++;
            return;
        }

        WriteVarUInt64(value);
    }

    public void WriteVarUInt64(ulong value)
    {
        var span = Reserve(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _position += i;
    }

    /// <summary>Zigzag, so small negative numbers stay short.</summary>
    public void WriteVarInt32(int value) => WriteVarUInt32((uint)((value << 1) ^ (value >> 31)));

    public void WriteVarInt64(long value) => WriteVarUInt64((ulong)((value << 1) ^ (value >> 63)));

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteFixed32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);
        _position += 4;
    }

    public void WriteFixed64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);
        _position += 8;
    }

    public void WriteSingle(float value) => WriteFixed32(BitConverter.SingleToUInt32Bits(value));

    public void WriteDouble(double value) => WriteFixed64(BitConverter.DoubleToUInt64Bits(value));

    /// <summary>A field's id and wire type in one varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteFieldHeader(uint fieldId, WireType wireType) => WriteVarUInt64(((ulong)fieldId << 2) | (byte)wireType);

    /// <summary>A length-delimited null (the single byte 0).</summary>
    public void WriteNull() => WriteByte(0);

    /// <summary>A string as length-delimited UTF-8; null is written as 0.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteByte(0);
            return;
        }

        // Worst case is three bytes per UTF-16 unit; encode straight into the buffer behind a patched prefix.
        var max = checked(value.Length * 3);
        var start = BeginRegion();
        var written = Encoding.UTF8.GetBytes(value, Reserve(max));
        _position += written;
        EndRegion(start);
    }

    /// <summary>Bytes as a length-delimited value; null is written as 0.</summary>
    public void WriteByteArray(byte[]? value)
    {
        if (value is null)
        {
            WriteByte(0);
            return;
        }

        WriteLengthDelimited(value);
    }

    public void WriteLengthDelimited(ReadOnlySpan<byte> bytes)
    {
        WriteVarUInt32((uint)bytes.Length + 1);
        WriteBytes(bytes);
    }

    /// <summary>
    /// Starts a length-delimited region: one byte is reserved for the prefix and <see cref="EndRegion"/> patches it,
    /// moving the content when the length needs a longer varint.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int BeginRegion()
    {
        if (++_depth > _maxDepth)
        {
            ThrowTooDeep();
        }

        Reserve(1);
        _position++;
        return _position;
    }

    public void EndRegion(int start)
    {
        _depth--;
        var length = (uint)(_position - start);
        var prefix = length + 1;
        if (prefix < 0x80)
        {
            _buffer[start - 1] = (byte)prefix;
            return;
        }

        var size = VarIntSize(prefix);
        Reserve(size - 1);
        Buffer.BlockCopy(_buffer, start, _buffer, start + size - 1, (int)length);
        var at = start - 1;
        while (prefix >= 0x80)
        {
            _buffer[at++] = (byte)(prefix | 0x80);
            prefix >>= 7;
        }

        _buffer[at] = (byte)prefix;
        _position += size - 1;
    }

    private static int VarIntSize(uint value) => value < 1u << 7 ? 1 : value < 1u << 14 ? 2 : value < 1u << 21 ? 3 : value < 1u << 28 ? 4 : 5;

    private void ThrowTooDeep() =>
        throw new GrainSerializationException($"Value nests deeper than the maximum depth {_maxDepth} (a cycle in the object graph?).");
}
