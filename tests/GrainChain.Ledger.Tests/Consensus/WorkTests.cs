using System.Numerics;
using GrainChain.Ledger.Consensus;

namespace GrainChain.Ledger.Tests.Consensus;

public class WorkTests
{
    [Fact]
    public void Difficulty_one_is_worth_the_published_genesis_chain_work()
    {
        // Bitcoin reports chainwork 0x100010001 for its genesis block.
        Assert.Equal(new BigInteger(0x1_0001_0001), ProofOfWork.WorkFor(0x1d00ffff));
    }

    [Fact]
    public void Work_is_two_to_the_256_over_target_plus_one()
    {
        var twoPow256 = BigInteger.One << 256;
        foreach (var bits in new uint[] { 0x207fffff, 0x1d00d86a, 0x1b0404cb, 0x03123456, 0x01010000, 0x2100ffff })
        {
            Assert.True(ProofOfWork.TryDecodeTarget(bits, out var target));
            Assert.Equal(twoPow256 / (target + 1), ProofOfWork.WorkFor(bits));
        }
        Assert.Equal(new BigInteger(2), ProofOfWork.WorkFor(0x207fffff));
        Assert.Equal(BigInteger.One << 255, ProofOfWork.WorkFor(0x01010000));
    }

    [Fact]
    public void Harder_targets_are_worth_more()
    {
        Assert.True(ProofOfWork.WorkFor(0x1d00d86a) > ProofOfWork.WorkFor(0x1d00ffff));
        Assert.True(ProofOfWork.WorkFor(0x1c00ffff) > ProofOfWork.WorkFor(0x1d00d86a));
    }

    [Theory]
    [InlineData(0x00000000u)]
    [InlineData(0x04923456u)]
    [InlineData(0xff123456u)]
    [InlineData(0x01003456u)]
    public void Invalid_bits_are_worth_nothing(uint bits) => Assert.Equal(BigInteger.Zero, ProofOfWork.WorkFor(bits));
}
