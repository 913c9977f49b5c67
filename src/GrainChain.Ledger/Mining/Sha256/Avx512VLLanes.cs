using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GrainChain.Ledger.Mining.Sha256;

/// <summary>
/// Eight lanes in a 256-bit register with AVX-512VL: it rotates in one instruction and folds any three-input boolean
/// function (the sigma xors, choose, majority) into one ternary-logic instruction.
/// </summary>
internal readonly struct Avx512VLLanes : ISha256Lanes<Vector256<uint>>
{
    // Truth tables for vpternlogd, indexed by (a << 2) | (b << 1) | c.
    private const byte Xor3 = 0x96;
    private const byte Select = 0xCA;
    private const byte Major = 0xE8;

    public static int Count => 8;
    public static bool IsSupported => Avx512F.VL.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<uint> Broadcast(uint value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<uint> Add(Vector256<uint> x, Vector256<uint> y) => x + y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<uint> Sequence(uint first) => Vector256.Create(first) + Vector256<uint>.Indices;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> ReverseBytes(Vector256<uint> x) =>
        Avx2.Shuffle(x.AsByte(), Vector256.Create(
            (byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
            3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12)).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> BigSigma0(Vector256<uint> x) =>
        Avx512F.VL.TernaryLogic(Avx512F.VL.RotateRight(x, 2), Avx512F.VL.RotateRight(x, 13), Avx512F.VL.RotateRight(x, 22), Xor3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> BigSigma1(Vector256<uint> x) =>
        Avx512F.VL.TernaryLogic(Avx512F.VL.RotateRight(x, 6), Avx512F.VL.RotateRight(x, 11), Avx512F.VL.RotateRight(x, 25), Xor3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> SmallSigma0(Vector256<uint> x) =>
        Avx512F.VL.TernaryLogic(Avx512F.VL.RotateRight(x, 7), Avx512F.VL.RotateRight(x, 18), Avx2.ShiftRightLogical(x, 3), Xor3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> SmallSigma1(Vector256<uint> x) =>
        Avx512F.VL.TernaryLogic(Avx512F.VL.RotateRight(x, 17), Avx512F.VL.RotateRight(x, 19), Avx2.ShiftRightLogical(x, 10), Xor3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Choose(Vector256<uint> e, Vector256<uint> f, Vector256<uint> g) => Avx512F.VL.TernaryLogic(e, f, g, Select);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Majority(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c) => Avx512F.VL.TernaryLogic(a, b, c, Major);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LanesAtMost(Vector256<uint> x, Vector256<uint> bound) => Vector256.LessThanOrEqual(x, bound).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Lane(Vector256<uint> x, int index) => x.GetElement(index);
}
