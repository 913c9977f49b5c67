using System.Security.Cryptography;

namespace GrainChain.Ledger.Primitives;

/// <summary>An account address: the first 20 bytes of SHA-256 over a compressed public key.</summary>
public readonly struct Address : IEquatable<Address>
{
    public const int Size = 20;

    private readonly ulong _a, _b;
    private readonly uint _c;

    public static readonly Address Zero;

    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
            throw new ArgumentException($"an address is {Size} bytes, got {bytes.Length}", nameof(bytes));
        _a = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        _b = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        _c = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]);
    }

    /// <summary>Derives the address of a public key given in its 33-byte compressed form.</summary>
    public static Address FromPublicKey(ReadOnlySpan<byte> compressedPublicKey)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(compressedPublicKey, digest);
        return new Address(digest[..Size]);
    }

    public bool IsZero => (_a | _b | _c) == 0;

    public void WriteTo(Span<byte> destination)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination, _a);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _b);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], _c);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    public bool Equals(Address other) => _a == other._a && _b == other._b && _c == other._c;
    public override bool Equals(object? obj) => obj is Address a && Equals(a);
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c);
    public static bool operator ==(Address x, Address y) => x.Equals(y);
    public static bool operator !=(Address x, Address y) => !x.Equals(y);

    /// <summary>40 lowercase hex digits.</summary>
    public override string ToString()
    {
        Span<byte> b = stackalloc byte[Size];
        WriteTo(b);
        return Convert.ToHexStringLower(b);
    }

    public static Address Parse(string text) =>
        TryParse(text, out var a) ? a : throw new FormatException("an address is 40 hexadecimal digits");

    public static bool TryParse(ReadOnlySpan<char> text, out Address address)
    {
        address = default;
        if (text.Length != Size * 2) return false;
        Span<byte> b = stackalloc byte[Size];
        if (Convert.FromHexString(text, b, out _, out var written) != System.Buffers.OperationStatus.Done || written != Size)
            return false;
        address = new Address(b);
        return true;
    }
}
