using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace GrainChain.Ledger.Crypto;

/// <summary>
/// Arithmetic modulo the P-256 field prime p = 2^256 − 2^224 + 2^192 + 2^96 − 1, in Montgomery form on four
/// 64-bit limbs. It exists for one job, recovering Y when a compressed key is decompressed: the square root
/// a^((p+1)/4) through <see cref="System.Numerics.BigInteger.ModPow"/> costs as much as a signature check, this
/// a small fraction of it. Not constant-time, which is fine: public keys are public.
/// </summary>
internal static class P256Field
{
    /// <summary>A field element as little-endian limbs (L0 least significant).</summary>
    internal readonly record struct Element(ulong L0, ulong L1, ulong L2, ulong L3);

    private const ulong P0 = 0xffffffffffffffff, P1 = 0x00000000ffffffff, P2 = 0, P3 = 0xffffffff00000001;
    private static readonly Element Prime = new(P0, P1, P2, P3);

    // R² mod p with R = 2^256: multiplying by it moves a number into Montgomery form.
    private static readonly Element RSquared = new(0x3, 0xfffffffbffffffff, 0xfffffffffffffffe, 0x4fffffffd);

    private static readonly Element One = new(1, 0, 0, 0);

    // (p + 1) / 4: p ≡ 3 (mod 4), so a^((p+1)/4) is a square root of a whenever one exists.
    private static readonly Element SqrtExponent = new(0, 0x0000000040000000, 0x4000000000000000, 0x3fffffffc0000000);

    // b of y² = x³ − 3x + b, in Montgomery form.
    private static readonly Element BMont = ToMontgomery(FromBigEndian(Convert.FromHexString(
        "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b")));

    /// <summary>
    /// Writes the 32-byte big-endian Y of the point with the given X and Y parity; false when X is not below p
    /// or no point on the curve has that X.
    /// </summary>
    public static bool TryRecoverY(ReadOnlySpan<byte> x, bool odd, Span<byte> y)
    {
        var xValue = FromBigEndian(x);
        if (!LessThanPrime(xValue)) return false;
        var xm = ToMontgomery(xValue);
        var rhs = Add(Sub(Mul(Mul(xm, xm), xm), Add(Add(xm, xm), xm)), BMont);
        var root = Pow(rhs, SqrtExponent);
        if (Mul(root, root) != rhs) return false;
        var value = Mul(root, One); // out of Montgomery form
        if (((value.L0 & 1) == 1) != odd && value != default) value = Sub(Prime, value, reduceOnly: true);
        ToBigEndian(value, y);
        return true;
    }

    internal static Element FromBigEndian(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes));

    internal static void ToBigEndian(Element value, Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value.L3);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], value.L2);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], value.L1);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], value.L0);
    }

    internal static Element ToMontgomery(Element value) => Mul(value, RSquared);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool LessThanPrime(in Element v)
    {
        if (v.L3 != P3) return v.L3 < P3;
        if (v.L2 != P2) return v.L2 < P2;
        if (v.L1 != P1) return v.L1 < P1;
        return v.L0 < P0;
    }

    /// <summary>Montgomery product a·b·R⁻¹ mod p (operands below p).</summary>
    internal static Element Mul(in Element a, in Element b)
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
        MulStep(a, b.L0, ref t0, ref t1, ref t2, ref t3, ref t4);
        MulStep(a, b.L1, ref t0, ref t1, ref t2, ref t3, ref t4);
        MulStep(a, b.L2, ref t0, ref t1, ref t2, ref t3, ref t4);
        MulStep(a, b.L3, ref t0, ref t1, ref t2, ref t3, ref t4);
        var result = new Element(t0, t1, t2, t3);
        return t4 != 0 || !LessThanPrime(result) ? Sub(result, Prime, reduceOnly: true) : result;
    }

    // One round of coarsely integrated operand scanning: t += a·word, then divide t by 2^64 after adding the
    // multiple m·p that clears the low limb. Because p ≡ −1 (mod 2^64), that multiple is m = t0 itself.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MulStep(in Element a, ulong word, ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3, ref ulong t4)
    {
        var carry = MulAdd(a.L0, word, t0, 0, out t0);
        carry = MulAdd(a.L1, word, t1, carry, out t1);
        carry = MulAdd(a.L2, word, t2, carry, out t2);
        carry = MulAdd(a.L3, word, t3, carry, out t3);
        t4 += carry;
        var t5 = t4 < carry ? 1UL : 0;

        var m = t0;
        carry = MulAdd(m, P0, t0, 0, out _);
        carry = MulAdd(m, P1, t1, carry, out t0);
        t1 = t2 + carry; // Prime.L2 is zero
        carry = t1 < carry ? 1UL : 0;
        carry = MulAdd(m, P3, t3, carry, out t2);
        t3 = t4 + carry;
        t4 = t5 + (t3 < carry ? 1UL : 0);
    }

    /// <summary>a·b + addend + carry as a 128-bit result (it cannot overflow): returns the high half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulAdd(ulong a, ulong b, ulong addend, ulong carry, out ulong low)
    {
        var high = Math.BigMul(a, b, out low);
        low += addend;
        if (low < addend) high++;
        low += carry;
        if (low < carry) high++;
        return high;
    }

    internal static Element Add(Element a, Element b)
    {
        UInt128 c = (UInt128)a.L0 + b.L0;
        var l0 = (ulong)c;
        c = (UInt128)a.L1 + b.L1 + (c >> 64);
        var l1 = (ulong)c;
        c = (UInt128)a.L2 + b.L2 + (c >> 64);
        var l2 = (ulong)c;
        c = (UInt128)a.L3 + b.L3 + (c >> 64);
        var sum = new Element(l0, l1, l2, (ulong)c);
        return (c >> 64) != 0 || !LessThanPrime(sum) ? Sub(sum, Prime, reduceOnly: true) : sum;
    }

    /// <summary>a − b mod p; with <paramref name="reduceOnly"/>, plain a − b (the caller knows it does not go below zero mod 2^256).</summary>
    internal static Element Sub(Element a, Element b, bool reduceOnly = false)
    {
        var l0 = a.L0 - b.L0;
        ulong borrow = a.L0 < b.L0 ? 1UL : 0;
        var (l1, borrow1) = SubWithBorrow(a.L1, b.L1, borrow);
        var (l2, borrow2) = SubWithBorrow(a.L2, b.L2, borrow1);
        var (l3, borrow3) = SubWithBorrow(a.L3, b.L3, borrow2);
        var difference = new Element(l0, l1, l2, l3);
        if (reduceOnly || borrow3 == 0) return difference;
        // Went below zero: add p back (the carry out of the top limb cancels the borrow).
        UInt128 c = (UInt128)difference.L0 + Prime.L0;
        l0 = (ulong)c;
        c = (UInt128)difference.L1 + Prime.L1 + (c >> 64);
        l1 = (ulong)c;
        c = (UInt128)difference.L2 + Prime.L2 + (c >> 64);
        l2 = (ulong)c;
        c = (UInt128)difference.L3 + Prime.L3 + (c >> 64);
        return new Element(l0, l1, l2, (ulong)c);
    }

    private static (ulong Value, ulong Borrow) SubWithBorrow(ulong a, ulong b, ulong borrow)
    {
        var value = a - b - borrow;
        var outBorrow = (a < b || (a == b && borrow == 1)) ? 1UL : 0;
        return (value, outBorrow);
    }

    /// <summary>baseᵉ in Montgomery form, by left-to-right square-and-multiply.</summary>
    private static Element Pow(Element value, Element exponent)
    {
        var result = ToMontgomery(One);
        ReadOnlySpan<ulong> limbs = [exponent.L3, exponent.L2, exponent.L1, exponent.L0];
        foreach (var limb in limbs)
        {
            for (var bit = 63; bit >= 0; bit--)
            {
                result = Mul(result, result);
                if (((limb >> bit) & 1) != 0) result = Mul(result, value);
            }
        }
        return result;
    }
}
