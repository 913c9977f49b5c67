using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace GrainChain.Runtime.Serialization;

/// <summary>
/// Reads untrusted serialized bytes. Every read is checked against the end of the current length-delimited region
/// and against <see cref="SerializerLimits"/> before anything is allocated; violations throw
/// <see cref="GrainSerializationException"/>.
/// </summary>
public ref struct GrainReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;
    private int _end;
    private int _depth;

    internal GrainReader(ReadOnlySpan<byte> buffer, ICodecProvider codecs, SerializerLimits limits)
    {
        _buffer = buffer;
        _end = buffer.Length;
        Codecs = codecs;
        Limits = limits;
    }

    /// <summary>Codecs for nested values of other types.</summary>
    public ICodecProvider Codecs { get; }

    public SerializerLimits Limits { get; }

    public readonly int Position => _position;

    /// <summary>Bytes left before the end of the current region.</summary>
    public readonly int Remaining => _end - _position;

    public byte ReadByte()
    {
        if (_position >= _end)
        {
            ThrowTruncated("a byte");
        }

        return _buffer[_position++];
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if ((uint)count > (uint)(_end - _position))
        {
            ThrowTruncated($"{count} bytes");
        }

        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadVarUInt32()
    {
        if (_position < _end && _buffer[_position] < 0x80)
        {
            return _buffer[_position++];
        }

        var value = ReadVarUInt64();
        if (value > uint.MaxValue)
        {
            throw new GrainSerializationException($"Varint {value} does not fit in 32 bits.");
        }

        return (uint)value;
    }

    public ulong ReadVarUInt64()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            if (shift == 63 && b > 1)
            {
                break;
            }

            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new GrainSerializationException("Malformed varint: longer than 64 bits.");
    }

    public int ReadVarInt32()
    {
        var raw = ReadVarUInt32();
        return (int)(raw >> 1) ^ -(int)(raw & 1);
    }

    public long ReadVarInt64()
    {
        var raw = ReadVarUInt64();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public bool ReadBoolean() => ReadVarUInt64() switch
    {
        0 => false,
        1 => true,
        var other => throw new GrainSerializationException($"Boolean value {other} is neither 0 nor 1."),
    };

    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    public float ReadSingle() => BitConverter.UInt32BitsToSingle(ReadFixed32());

    public double ReadDouble() => BitConverter.UInt64BitsToDouble(ReadFixed64());

    /// <summary>Reads the next field header of the current region; false at its end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadFieldHeader(out uint fieldId, out WireType wireType)
    {
        if (_position >= _end)
        {
            fieldId = 0;
            wireType = default;
            return false;
        }

        var header = ReadVarUInt64();
        if (header >> 2 > uint.MaxValue)
        {
            throw new GrainSerializationException($"Field id {header >> 2} is out of range.");
        }

        fieldId = (uint)(header >> 2);
        wireType = (WireType)(header & 3);
        return true;
    }

    /// <summary>Throws unless a field arrived with the wire type its declared type uses (the field's type changed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ExpectWireType(WireType actual, WireType expected, string field)
    {
        if (actual != expected)
        {
            ThrowWireType(actual, expected, field);
        }
    }

    public void SkipField(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.VarInt:
                ReadVarUInt64();
                break;
            case WireType.Fixed32:
                ReadBytes(4);
                break;
            case WireType.Fixed64:
                ReadBytes(8);
                break;
            default:
                var prefix = ReadVarUInt32();
                if (prefix != 0)
                {
                    ReadBytes(checked((int)Math.Min(prefix - 1, int.MaxValue)));
                }

                break;
        }
    }

    /// <summary>
    /// Enters a length-delimited region. Returns false (and enters nothing) when the value is null;
    /// otherwise <paramref name="outerEnd"/> must be passed to <see cref="ExitRegion"/>.
    /// </summary>
    public bool EnterRegion(out int outerEnd)
    {
        var prefix = ReadVarUInt32();
        outerEnd = _end;
        if (prefix == 0)
        {
            return false;
        }

        var length = prefix - 1;
        if (length > (uint)(_end - _position))
        {
            ThrowTruncated($"a region of {length} bytes");
        }

        if (++_depth > Limits.MaxDepth)
        {
            throw new GrainSerializationException($"Data nests deeper than the maximum depth {Limits.MaxDepth}.");
        }

        _end = _position + (int)length;
        return true;
    }

    /// <summary>Leaves a region, skipping whatever the codec did not read (fields added by a newer writer).</summary>
    public void ExitRegion(int outerEnd)
    {
        _position = _end;
        _end = outerEnd;
        _depth--;
    }

    /// <summary>Enters a region that must not be null (a value type's encoding).</summary>
    public int EnterRequiredRegion(string what)
    {
        if (!EnterRegion(out var outerEnd))
        {
            throw new GrainSerializationException($"Null where a {what} value is required.");
        }

        return outerEnd;
    }

    /// <summary>
    /// Reads an element count and refuses it before anything is allocated when it exceeds the configured limit or
    /// cannot fit in the bytes left (every element takes at least <paramref name="minBytesPerElement"/> bytes).
    /// </summary>
    public int ReadCollectionCount(string what, int minBytesPerElement = 1)
    {
        var count = ReadVarUInt32();
        if (count > (uint)Limits.MaxCollectionLength)
        {
            throw new GrainSerializationException($"{what} declares {count} elements; the limit is {Limits.MaxCollectionLength}.");
        }

        if ((ulong)count * (ulong)minBytesPerElement > (ulong)Remaining)
        {
            throw new GrainSerializationException($"{what} declares {count} elements but only {Remaining} bytes remain.");
        }

        return (int)count;
    }

    /// <summary>Reads a string written by <see cref="GrainWriter.WriteString"/>.</summary>
    public string? ReadString()
    {
        var prefix = ReadVarUInt32();
        if (prefix == 0)
        {
            return null;
        }

        var length = CheckedByteLength(prefix - 1, "string");
        if (length == 0)
        {
            return string.Empty;
        }

        var bytes = ReadBytes(length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new GrainSerializationException("String is not valid UTF-8.", e);
        }
    }

    /// <summary>Reads a byte array written by <see cref="GrainWriter.WriteByteArray"/>.</summary>
    public byte[]? ReadByteArray()
    {
        var prefix = ReadVarUInt32();
        if (prefix == 0)
        {
            return null;
        }

        var length = CheckedByteLength(prefix - 1, "byte array");
        return length == 0 ? [] : ReadBytes(length).ToArray();
    }

    /// <summary>Reads the content of a non-null length-delimited value as a span into the input.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited(string what)
    {
        var prefix = ReadVarUInt32();
        if (prefix == 0)
        {
            throw new GrainSerializationException($"Null where a {what} value is required.");
        }

        return ReadBytes(CheckedByteLength(prefix - 1, what));
    }

    private readonly int CheckedByteLength(uint length, string what)
    {
        if (length > (uint)Limits.MaxByteLength)
        {
            throw new GrainSerializationException($"{what} of {length} bytes exceeds the limit of {Limits.MaxByteLength}.");
        }

        if (length > (uint)(_end - _position))
        {
            ThrowTruncated($"{what} of {length} bytes");
        }

        return (int)length;
    }

    internal readonly void EnsureFullyRead(Type type)
    {
        if (_position != _buffer.Length)
        {
            throw new GrainSerializationException($"{_buffer.Length - _position} unexpected bytes after a {type} value.");
        }
    }

    private readonly void ThrowTruncated(string what) =>
        throw new GrainSerializationException($"Unexpected end of data at offset {_position} while reading {what}.");

    private static void ThrowWireType(WireType actual, WireType expected, string field) =>
        throw new GrainSerializationException($"Field {field} arrived as {actual} but its type is written as {expected}.");
}
