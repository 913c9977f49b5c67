using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Tests.Consensus;

public class CompactBitsTests
{
    // Bitcoin's published compact-encoding vectors: bits, decoded value, negative, overflow.
    public static TheoryData<uint, string, bool, bool> Vectors => new()
    {
        { 0x00000000u, "0", false, false },
        { 0x00123456u, "0", false, false },
        { 0x01003456u, "0", false, false },
        { 0x02000056u, "0", false, false },
        { 0x03000000u, "0", false, false },
        { 0x04000000u, "0", false, false },
        { 0x00923456u, "0", false, false },
        { 0x01803456u, "0", false, false },
        { 0x02800056u, "0", false, false },
        { 0x03800000u, "0", false, false },
        { 0x04800000u, "0", false, false },
        { 0x01123456u, "12", false, false },
        { 0x01fedcbau, "7e", true, false },
        { 0x02123456u, "1234", false, false },
        { 0x03123456u, "123456", false, false },
        { 0x04123456u, "12345600", false, false },
        { 0x04923456u, "12345600", true, false },
        { 0x05009234u, "92340000", false, false },
        { 0x20123456u, "1234560000000000000000000000000000000000000000000000000000000000", false, false },
        { 0x1d00ffffu, "ffff" + new string('0', 52), false, false },
        { 0x22000001u, "1" + new string('0', 62), false, false },
        { 0x220000ffu, "ff" + new string('0', 62), false, false },
        { 0x22000100u, "100" + new string('0', 62), false, true },
        { 0x2100ffffu, "ffff" + new string('0', 60), false, false },
        { 0x21010000u, "10000" + new string('0', 60), false, true },
        { 0x23000001u, "1" + new string('0', 64), false, true },
        { 0xff123456u, "123456" + new string('0', 2 * 252), false, true },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Decodes_like_Bitcoin(uint bits, string hex, bool negative, bool overflow)
    {
        var value = ProofOfWork.DecodeCompact(bits, out var isNegative, out var isOverflow);

        Assert.Equal(BigInteger.Parse("0" + hex, System.Globalization.NumberStyles.HexNumber), value);
        Assert.Equal(negative, isNegative);
        Assert.Equal(overflow, isOverflow);
        var valid = !negative && !overflow && !value.IsZero;
        Assert.Equal(valid, ProofOfWork.TryDecodeTarget(bits, out _));
        Assert.Equal(valid, ProofOfWork.TryDecodeTargetHash(bits, out _));
    }

    [Theory]
    [InlineData(0x01123456u, 0x01120000u)]
    [InlineData(0x02123456u, 0x02123400u)]
    [InlineData(0x03123456u, 0x03123456u)]
    [InlineData(0x04123456u, 0x04123456u)]
    [InlineData(0x05009234u, 0x05009234u)]
    [InlineData(0x20123456u, 0x20123456u)]
    [InlineData(0x1d00ffffu, 0x1d00ffffu)]
    [InlineData(0x207fffffu, 0x207fffffu)]
    public void Re_encodes_to_the_canonical_form(uint bits, uint canonical)
    {
        Assert.True(ProofOfWork.TryDecodeTarget(bits, out var target));
        Assert.Equal(canonical, ProofOfWork.EncodeCompact(target));
    }

    [Fact]
    public void Encoding_moves_a_high_mantissa_bit_into_the_exponent()
    {
        // 0x80 in the top byte would read back as the sign bit.
        Assert.Equal(0x02008000u, ProofOfWork.EncodeCompact(0x80));
        Assert.Equal(0x05009234u, ProofOfWork.EncodeCompact(0x92340000));
        Assert.Equal(0x01120000u, ProofOfWork.EncodeCompact(0x12));
        Assert.Equal(0u, ProofOfWork.EncodeCompact(BigInteger.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofOfWork.EncodeCompact(BigInteger.MinusOne));
    }

    [Fact]
    public void Encode_then_decode_keeps_the_most_significant_bytes_that_fit_the_mantissa()
    {
        var targets = Gen.Choose(1, 32).SelectMany(length => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length))
            .Select(bytes => new BigInteger(bytes, isUnsigned: true, isBigEndian: true))
            .Where(t => !t.IsZero);
        Prop.ForAll(targets.ToArbitrary(), target =>
        {
            var bits = ProofOfWork.EncodeCompact(target);
            Assert.True(ProofOfWork.TryDecodeTarget(bits, out var decoded));
            // Three bytes fit, or two when the top byte would set the sign bit.
            var size = target.GetByteCount(isUnsigned: true);
            var kept = (target >> ((size - 1) * 8)) >= 0x80 ? 2 : 3;
            var dropped = Math.Max(0, size - kept) * 8;
            Assert.Equal(target >> dropped << dropped, decoded);
            Assert.Equal(bits, ProofOfWork.EncodeCompact(decoded));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_hash_form_of_a_target_equals_the_integer_form_for_any_bits()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<uint>(), bits =>
        {
            var valid = ProofOfWork.TryDecodeTarget(bits, out var integer);
            Assert.Equal(valid, ProofOfWork.TryDecodeTargetHash(bits, out var hash));
            if (valid) Assert.Equal(integer, ProofOfWork.ToInteger(hash));
        }).QuickCheckThrowOnFailure();

        // Every exponent with a full mantissa, so each word boundary of the hash form is crossed.
        for (uint size = 0; size <= 40; size++)
        {
            foreach (var mantissa in new uint[] { 0x7fffff, 0x012345, 0x0000ff, 0x000001 })
            {
                var bits = (size << 24) | mantissa;
                var valid = ProofOfWork.TryDecodeTarget(bits, out var integer);
                Assert.Equal(valid, ProofOfWork.TryDecodeTargetHash(bits, out var hash));
                if (valid) Assert.Equal(integer, ProofOfWork.ToInteger(hash));
            }
        }
    }

    [Fact]
    public void A_hash_meets_a_target_up_to_and_including_it()
    {
        const uint bits = 0x1d00ffff;
        var target = ProofOfWork.TargetAsHash(bits);
        var (w0, w1, w2, w3) = target.Words;

        Assert.True(ProofOfWork.MeetsTarget(target, bits));
        Assert.Equal((0UL, 0UL, 0UL, 0x0000_0000_ffff_0000UL), (w0, w1, w2, w3));
        Assert.True(ProofOfWork.MeetsTarget(Hash256.FromWords(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, w3 - 1), bits));
        Assert.False(ProofOfWork.MeetsTarget(Hash256.FromWords(1, 0, 0, w3), bits));
        Assert.False(ProofOfWork.MeetsTarget(Hash256.FromWords(0, 0, 0, 1UL << 63), bits));
        Assert.False(ProofOfWork.MeetsTarget(Hash256.Zero, 0x04923456), "negative bits are never met");
        Assert.Throws<ArgumentException>(() => ProofOfWork.TargetAsHash(0xff123456));
    }
}
