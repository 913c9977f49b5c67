namespace GrainChain.Ledger.Transactions;

/// <summary>A P-256 public key in its 33-byte compressed SEC1 form (0x02/0x03 prefix, then X).</summary>
public readonly struct PublicKey : IEquatable<PublicKey>
{
    public const int Size = 33;

    private readonly byte[]? _bytes;

    private PublicKey(byte[] bytes) => _bytes = bytes;

    /// <summary>Copies the bytes; checks only the shape (length and prefix), not that the point is on the curve.</summary>
    public static PublicKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
            throw new ArgumentException($"a public key is {Size} bytes, got {bytes.Length}", nameof(bytes));
        if (bytes[0] is not (0x02 or 0x03))
            throw new ArgumentException("a compressed public key starts with 0x02 or 0x03", nameof(bytes));
        return new PublicKey(bytes.ToArray());
    }

    public bool IsEmpty => _bytes is null;

    public ReadOnlySpan<byte> Span => _bytes;

    public bool Equals(PublicKey other) => Span.SequenceEqual(other.Span);
    public override bool Equals(object? obj) => obj is PublicKey k && Equals(k);
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(PublicKey a, PublicKey b) => a.Equals(b);
    public static bool operator !=(PublicKey a, PublicKey b) => !a.Equals(b);

    public override string ToString() => Convert.ToHexStringLower(Span);
}
