using System.Numerics;
using System.Security.Cryptography;

namespace GrainChain.Ledger.Crypto;

/// <summary>NIST P-256 constants and the point arithmetic .NET does not expose: compressing and decompressing keys.</summary>
public static class P256Curve
{
    public static readonly BigInteger P = Parse("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
    public static readonly BigInteger B = Parse("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
    public static readonly BigInteger N = Parse("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    public static readonly BigInteger HalfN = N >> 1;

    /// <summary>The object identifier of the curve, as key files and <see cref="ECCurve"/> name it.</summary>
    public const string Oid = "1.2.840.10045.3.1.7";

    // Big-endian 32-byte forms of N and N/2: the signature checks on the hot path compare spans instead of
    // allocating BigIntegers (for equal-length big-endian unsigned numbers, byte order equals numeric order).
    private static readonly byte[] NBytes = ToBytes32(N);
    private static readonly byte[] HalfNBytes = ToBytes32(HalfN);

    private static BigInteger Parse(string hex) => new(Convert.FromHexString(hex), isUnsigned: true, isBigEndian: true);

    /// <summary>Writes the 33-byte compressed form of a public point.</summary>
    public static void Compress(ECPoint q, Span<byte> destination)
    {
        if (q.X is not { Length: 32 } x || q.Y is not { Length: 32 } y)
            throw new ArgumentException("a P-256 point has 32-byte coordinates", nameof(q));
        destination[0] = (byte)(0x02 | (y[31] & 1));
        x.CopyTo(destination[1..]);
    }

    /// <summary>Recovers the full point from a compressed key; false when X is not on the curve.</summary>
    public static bool TryDecompress(ReadOnlySpan<byte> compressed, out ECPoint point)
    {
        point = default;
        if (compressed.Length != 33 || compressed[0] is not (0x02 or 0x03)) return false;
        var y = new byte[32];
        if (!P256Field.TryRecoverY(compressed[1..], odd: compressed[0] == 0x03, y)) return false;
        point = new ECPoint { X = compressed[1..].ToArray(), Y = y };
        return true;
    }

    /// <summary>True when the S half of an r‖s signature is at most N/2, the only form accepted.</summary>
    public static bool IsLowS(ReadOnlySpan<byte> signature) =>
        signature.Length == 64 && signature[32..].SequenceCompareTo(HalfNBytes) <= 0;

    /// <summary>
    /// True when an r‖s signature has the one form GrainChain accepts: 64 bytes, 1 ≤ r &lt; N and 1 ≤ s ≤ N/2.
    /// Anything else is rejected before any curve arithmetic, so malformed input costs next to nothing.
    /// </summary>
    public static bool IsCanonicalSignature(ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64) return false;
        var r = signature[..32];
        var s = signature[32..];
        return !IsZero(r) && r.SequenceCompareTo(NBytes) < 0 && !IsZero(s) && s.SequenceCompareTo(HalfNBytes) <= 0;
    }

    /// <summary>Replaces a high S by N − S in place: both verify, only one form is canonical.</summary>
    public static void NormalizeLowS(Span<byte> signature)
    {
        var s = new BigInteger(signature[32..], isUnsigned: true, isBigEndian: true);
        if (s > HalfN) WriteBytes32(N - s, signature[32..]);
    }

    private static bool IsZero(ReadOnlySpan<byte> value) => value.IndexOfAnyExcept((byte)0) < 0;

    internal static byte[] ToBytes32(BigInteger value)
    {
        var bytes = new byte[32];
        WriteBytes32(value, bytes);
        return bytes;
    }

    private static void WriteBytes32(BigInteger value, Span<byte> destination)
    {
        destination[..32].Clear();
        var length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(destination[(32 - length)..32], out _, isUnsigned: true, isBigEndian: true);
    }
}
