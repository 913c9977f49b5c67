using System.Numerics;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Consensus;

/// <summary>Bitcoin's compact target encoding ("bits") and the work a target represents.</summary>
public static class ProofOfWork
{
    private static readonly BigInteger TwoPow256 = BigInteger.One << 256;

    /// <summary>
    /// Decodes compact bits exactly as Bitcoin does: a base-256 exponent in the top byte and a 23-bit mantissa with a
    /// sign bit. <paramref name="negative"/> and <paramref name="overflow"/> are only raised for a non-zero mantissa
    /// (after the right shift of small exponents), matching Bitcoin, so e.g. 0x01803456 is zero, not negative.
    /// On overflow the returned value is the unbounded number, which does not fit 256 bits.
    /// </summary>
    public static BigInteger DecodeCompact(uint bits, out bool negative, out bool overflow)
    {
        var size = (int)(bits >> 24);
        var word = bits & 0x007f_ffff;
        BigInteger value;
        if (size <= 3)
        {
            word >>= 8 * (3 - size);
            value = word;
        }
        else
        {
            value = new BigInteger(word) << (8 * (size - 3));
        }
        negative = word != 0 && (bits & 0x0080_0000) != 0;
        overflow = IsOverflow(size, word);
        return value;
    }

    /// <summary>
    /// Decodes compact bits into a target. Fails for a negative sign bit, an overflow past 256 bits, or zero,
    /// none of which a valid header may carry.
    /// </summary>
    public static bool TryDecodeTarget(uint bits, out BigInteger target)
    {
        target = DecodeCompact(bits, out var negative, out var overflow);
        return !negative && !overflow && !target.IsZero;
    }

    /// <summary>
    /// The allocation-free form of <see cref="TryDecodeTarget(uint, out BigInteger)"/>: the target as a
    /// hash-ordered 256-bit value, so a header hash can be compared with it directly.
    /// </summary>
    public static bool TryDecodeTargetHash(uint bits, out Hash256 target)
    {
        target = default;
        var size = (int)(bits >> 24);
        var word = bits & 0x007f_ffff;
        var shift = 0;
        if (size <= 3) word >>= 8 * (3 - size);
        else shift = 8 * (size - 3);
        if (word == 0 || (bits & 0x0080_0000) != 0 || IsOverflow(size, word)) return false;

        // The mantissa spans at most two of the four 64-bit words; a fifth slot catches nothing once overflow is excluded.
        Span<ulong> words = stackalloc ulong[5];
        words.Clear();
        var index = shift >> 6;
        var offset = shift & 63;
        words[index] = (ulong)word << offset;
        if (offset != 0) words[index + 1] = (ulong)word >> (64 - offset);
        target = Hash256.FromWords(words[0], words[1], words[2], words[3]);
        return true;
    }

    // Bitcoin's own overflow test: the mantissa shifted by the exponent would need more than 256 bits.
    private static bool IsOverflow(int size, uint word) =>
        word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));

    /// <summary>Encodes a target in compact form, as Bitcoin does (three significant bytes, sign bit kept clear).</summary>
    public static uint EncodeCompact(BigInteger target)
    {
        if (target.Sign < 0) throw new ArgumentOutOfRangeException(nameof(target), "a target is not negative");
        var size = target.IsZero ? 0 : target.GetByteCount(isUnsigned: true);
        if (size > 255) throw new ArgumentOutOfRangeException(nameof(target), "a target has at most 255 bytes in compact form");
        uint mantissa = size <= 3 ? (uint)(target << (8 * (3 - size))) : (uint)(target >> (8 * (size - 3)));
        // A set top mantissa bit would read as the sign: move one byte into the exponent instead.
        if ((mantissa & 0x0080_0000) != 0)
        {
            mantissa >>= 8;
            size++;
        }
        return mantissa | ((uint)size << 24);
    }

    /// <summary>Expected number of hashes to meet the target of <paramref name="bits"/>: 2^256 / (target + 1); zero for invalid bits.</summary>
    public static BigInteger WorkFor(uint bits) =>
        TryDecodeTarget(bits, out var target) ? TwoPow256 / (target + 1) : BigInteger.Zero;

    /// <summary>The hash, read as a little-endian 256-bit number, is at most the target.</summary>
    public static bool MeetsTarget(in Hash256 hash, uint bits) =>
        TryDecodeTargetHash(bits, out var target) && hash.CompareTo(target) <= 0;

    public static BigInteger ToInteger(in Hash256 hash)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Size];
        hash.WriteTo(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    /// <summary>The target as a hash-ordered value, for fast comparisons while mining.</summary>
    public static Hash256 TargetAsHash(uint bits)
    {
        if (!TryDecodeTargetHash(bits, out var target))
            throw new ArgumentException($"bits 0x{bits:x8} is not a valid target", nameof(bits));
        return target;
    }
}
