namespace GrainChain.Ledger.Transactions;

/// <summary>An ECDSA P-256 signature as r‖s, 32 bytes each, big-endian (IEEE P1363).</summary>
public readonly struct Signature : IEquatable<Signature>
{
    public const int Size = 64;

    private readonly byte[]? _bytes;

    private Signature(byte[] bytes) => _bytes = bytes;

    public static Signature FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
            throw new ArgumentException($"a signature is {Size} bytes, got {bytes.Length}", nameof(bytes));
        return new Signature(bytes.ToArray());
    }

    public bool IsEmpty => _bytes is null;

    public ReadOnlySpan<byte> Span => _bytes;

    public bool Equals(Signature other) => Span.SequenceEqual(other.Span);
    public override bool Equals(object? obj) => obj is Signature s && Equals(s);
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(Signature a, Signature b) => a.Equals(b);
    public static bool operator !=(Signature a, Signature b) => !a.Equals(b);

    public override string ToString() => Convert.ToHexStringLower(Span);
}
