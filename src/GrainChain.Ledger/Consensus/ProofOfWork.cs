using System.Numerics;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Consensus;

/// <summary>Bitcoin's compact target encoding ("bits") and the work a target represents.</summary>
public static class ProofOfWork
{
    private static readonly BigInteger TwoPow256 = BigInteger.One << 256;

    /// <summary>
    /// Decodes compact bits into a target. Fails for a negative sign bit, an overflow past 256 bits, or zero,
    /// none of which a valid header may carry.
    /// </summary>
    public static bool TryDecodeTarget(uint bits, out BigInteger target)
    {
        var exponent = (int)(bits >> 24);
        var mantissa = bits & 0x007f_ffff;
        var negative = (bits & 0x0080_0000) != 0;
        target = exponent <= 3 ? new BigInteger(mantissa >> (8 * (3 - exponent))) : new BigInteger(mantissa) << (8 * (exponent - 3));
        if (negative && mantissa != 0) return false;
        if (target.IsZero) return false;
        if (target >= TwoPow256) return false;
        return true;
    }

    /// <summary>Encodes a target in compact form, as Bitcoin does (three significant bytes, sign bit kept clear).</summary>
    public static uint EncodeCompact(BigInteger target)
    {
        if (target.Sign < 0) throw new ArgumentOutOfRangeException(nameof(target), "a target is not negative");
        var size = target.IsZero ? 0 : target.GetByteCount(isUnsigned: true);
        uint mantissa = size <= 3 ? (uint)(target << (8 * (3 - size))) : (uint)(target >> (8 * (size - 3)));
        if ((mantissa & 0x0080_0000) != 0)
        {
            mantissa >>= 8;
            size++;
        }
        return mantissa | ((uint)size << 24);
    }

    /// <summary>Expected number of hashes to meet the target of <paramref name="bits"/>: 2^256 / (target + 1).</summary>
    public static BigInteger WorkFor(uint bits) =>
        TryDecodeTarget(bits, out var target) ? TwoPow256 / (target + 1) : BigInteger.Zero;

    /// <summary>The hash, read as a little-endian 256-bit number, is at most the target.</summary>
    public static bool MeetsTarget(in Hash256 hash, uint bits) =>
        TryDecodeTarget(bits, out var target) && ToInteger(hash) <= target;

    public static BigInteger ToInteger(in Hash256 hash)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Size];
        hash.WriteTo(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    /// <summary>The target as a hash-ordered value, for fast comparisons while mining.</summary>
    public static Hash256 TargetAsHash(uint bits)
    {
        if (!TryDecodeTarget(bits, out var target)) throw new ArgumentException($"bits 0x{bits:x8} is not a valid target", nameof(bits));
        Span<byte> bytes = stackalloc byte[Hash256.Size];
        bytes.Clear();
        target.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return new Hash256(bytes);
    }
}
