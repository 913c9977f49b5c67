using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using GrainChain.Ledger.Crypto;

namespace GrainChain.Ledger.Tests.Transactions;

/// <summary>Checks the limb arithmetic against <see cref="BigInteger"/>, an independent implementation.</summary>
public sealed class P256FieldTests
{
    private static readonly BigInteger P = P256Curve.P;

    private static BigInteger ToBig(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    private static byte[] ToBytes(BigInteger value) => P256Curve.ToBytes32(value);

    private static byte[] Reduce(byte[] any) => ToBytes(ToBig(any) % P);

    private static BigInteger FieldOp(byte[] a, byte[] b, Func<P256Field.Element, P256Field.Element, P256Field.Element> op, bool montgomery)
    {
        var x = P256Field.FromBigEndian(a);
        var y = P256Field.FromBigEndian(b);
        if (montgomery)
        {
            x = P256Field.ToMontgomery(x);
            y = P256Field.ToMontgomery(y);
        }
        var result = op(x, y);
        if (montgomery) result = P256Field.Mul(result, new P256Field.Element(1, 0, 0, 0));
        var bytes = new byte[32];
        P256Field.ToBigEndian(result, bytes);
        return ToBig(bytes);
    }

    private static byte[] FullWidth(Random random)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return bytes;
    }

    private static IEnumerable<byte[]> EdgeValues() =>
    [
        ToBytes(BigInteger.Zero), ToBytes(BigInteger.One), ToBytes(P - 1), ToBytes(P - 2), ToBytes(P >> 1),
        ToBytes((BigInteger.One << 255) - 1), ToBytes(BigInteger.One << 224), ToBytes((BigInteger.One << 64) - 1),
    ];

    private static Arbitrary<byte[]> FieldElements() =>
        ArbMap.Default.ArbFor<byte[]>().Generator
            .Select(bytes => { var padded = new byte[32]; bytes.AsSpan(0, Math.Min(32, bytes.Length)).CopyTo(padded); return Reduce(padded); })
            .ToArbitrary();

    [Fact]
    public void Multiplication_addition_and_subtraction_agree_with_BigInteger()
    {
        void Check(byte[] a, byte[] b)
        {
            var (x, y) = (ToBig(a), ToBig(b));
            Assert.Equal(x * y % P, FieldOp(a, b, (u, v) => P256Field.Mul(u, v), montgomery: true));
            Assert.Equal((x + y) % P, FieldOp(a, b, P256Field.Add, montgomery: false));
            Assert.Equal(((x - y) % P + P) % P, FieldOp(a, b, (u, v) => P256Field.Sub(u, v), montgomery: false));
        }

        foreach (var a in EdgeValues())
            foreach (var b in EdgeValues())
                Check(a, b);
        Prop.ForAll(FieldElements(), FieldElements(), (a, b) => Check(a, b)).QuickCheckThrowOnFailure();
        var random = new Random(256);
        for (var i = 0; i < 500; i++) Check(Reduce(FullWidth(random)), Reduce(FullWidth(random)));
    }

    [Fact]
    public void Recovering_Y_agrees_with_BigInteger_for_any_X_and_parity()
    {
        var b = new BigInteger(Convert.FromHexString("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"), isUnsigned: true, isBigEndian: true);

        void Check(byte[] xBytes, bool odd)
        {
            var x = ToBig(xBytes);
            var y = new byte[32];
            var found = P256Field.TryRecoverY(xBytes, odd, y);
            if (x >= P)
            {
                Assert.False(found);
                return;
            }
            var rhs = ((BigInteger.ModPow(x, 3, P) - 3 * x + b) % P + P) % P;
            var root = BigInteger.ModPow(rhs, (P + 1) >> 2, P);
            Assert.Equal(root * root % P == rhs, found);
            if (!found) return;
            if (root.IsEven == odd) root = P - root;
            Assert.Equal(ToBytes(root), y);
        }

        foreach (var x in EdgeValues().Append(ToBytes(P)).Append(Enumerable.Repeat((byte)0xff, 32).ToArray()))
        {
            Check(x, odd: false);
            Check(x, odd: true);
        }
        var random = new Random(257);
        for (var i = 0; i < 500; i++) Check(FullWidth(random), odd: i % 2 == 0);
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), ArbMap.Default.ArbFor<bool>(), (bytes, odd) =>
        {
            var padded = new byte[32];
            bytes.AsSpan(0, Math.Min(32, bytes.Length)).CopyTo(padded);
            Check(padded, odd);
        }).QuickCheckThrowOnFailure();
    }
}
