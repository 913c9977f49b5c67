using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GrainChain.Ledger.Primitives;

/// <summary>A 256-bit hash in internal byte order; printed reversed, as Bitcoin displays hashes.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Hash256 : IEquatable<Hash256>, IComparable<Hash256>
{
    public const int Size = 32;

    // Four little-endian words: equality and hashing touch 4 words instead of 32 bytes.
    private readonly ulong _w0, _w1, _w2, _w3;

    public static readonly Hash256 Zero;

    public Hash256(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
            throw new ArgumentException($"a Hash256 is {Size} bytes, got {bytes.Length}", nameof(bytes));
        _w0 = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        _w1 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        _w2 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        _w3 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
    }

    public bool IsZero => (_w0 | _w1 | _w2 | _w3) == 0;

    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size) throw new ArgumentException("destination too small", nameof(destination));
        BinaryPrimitives.WriteUInt64LittleEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], _w3);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Reads the hash as a little-endian 256-bit integer and compares: the order proof of work uses.</summary>
    public int CompareTo(Hash256 other)
    {
        if (_w3 != other._w3) return _w3 < other._w3 ? -1 : 1;
        if (_w2 != other._w2) return _w2 < other._w2 ? -1 : 1;
        if (_w1 != other._w1) return _w1 < other._w1 ? -1 : 1;
        if (_w0 != other._w0) return _w0 < other._w0 ? -1 : 1;
        return 0;
    }

    /// <summary>The little-endian words, least significant first (for 256-bit arithmetic).</summary>
    public (ulong W0, ulong W1, ulong W2, ulong W3) Words => (_w0, _w1, _w2, _w3);

    public static Hash256 FromWords(ulong w0, ulong w1, ulong w2, ulong w3)
    {
        Span<byte> b = stackalloc byte[Size];
        BinaryPrimitives.WriteUInt64LittleEndian(b, w0);
        BinaryPrimitives.WriteUInt64LittleEndian(b[8..], w1);
        BinaryPrimitives.WriteUInt64LittleEndian(b[16..], w2);
        BinaryPrimitives.WriteUInt64LittleEndian(b[24..], w3);
        return new Hash256(b);
    }

    public bool Equals(Hash256 other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;
    public override bool Equals(object? obj) => obj is Hash256 h && Equals(h);
    public override int GetHashCode() => (int)_w0 ^ (int)(_w0 >> 32);
    public static bool operator ==(Hash256 a, Hash256 b) => a.Equals(b);
    public static bool operator !=(Hash256 a, Hash256 b) => !a.Equals(b);
    public static bool operator <(Hash256 a, Hash256 b) => a.CompareTo(b) < 0;
    public static bool operator >(Hash256 a, Hash256 b) => a.CompareTo(b) > 0;
    public static bool operator <=(Hash256 a, Hash256 b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Hash256 a, Hash256 b) => a.CompareTo(b) >= 0;

    /// <summary>Hex in display order (bytes reversed), e.g. Bitcoin's genesis "000000000019d6…".</summary>
    public override string ToString()
    {
        Span<byte> b = stackalloc byte[Size];
        WriteTo(b);
        b.Reverse();
        return Convert.ToHexStringLower(b);
    }

    /// <summary>Parses 64 hex digits in display order.</summary>
    public static Hash256 Parse(string hex)
    {
        if (!TryParse(hex, out var hash))
            throw new FormatException("a hash is 64 hexadecimal digits");
        return hash;
    }

    public static bool TryParse(ReadOnlySpan<char> hex, out Hash256 hash)
    {
        hash = default;
        if (hex.Length != Size * 2) return false;
        Span<byte> b = stackalloc byte[Size];
        if (Convert.FromHexString(hex, b, out _, out var written) != System.Buffers.OperationStatus.Done || written != Size)
            return false;
        b.Reverse();
        hash = new Hash256(b);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Hash256 FromSpanUnchecked(ReadOnlySpan<byte> bytes) => new(bytes);
}
