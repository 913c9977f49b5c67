using GrainChain.Cli.Cluster;
using GrainChain.Ledger.Consensus;

namespace GrainChain.Cli.Tests;

public class HashRateTests
{
    [Theory]
    [InlineData(0, "0.00 H/s")]
    [InlineData(999, "999 H/s")]
    [InlineData(1_000, "1.00 kH/s")]
    [InlineData(12_345, "12.3 kH/s")]
    [InlineData(2_020_000, "2.02 MH/s")]
    [InlineData(7.5e12, "7.50 TH/s")]
    [InlineData(7.5e15, "7500 TH/s")]
    public void Rates_are_shown_with_three_significant_digits_in_the_largest_unit(double perSecond, string shown) =>
        Assert.Equal(shown, HashRate.Format(perSecond));

    [Fact]
    public void The_rate_is_the_expected_work_of_the_blocks_found_over_the_time_taken()
    {
        // Bits 0x1f00ffff: target 0xffff * 2^(8*28), so a block takes 2^256 / (target + 1) hashes on average.
        const uint bits = 0x1f00ffff;
        var rate = new HashRate();
        Assert.Equal(0, rate.PerSecond(TimeSpan.FromSeconds(1)));

        rate.Add(bits);
        rate.Add(bits);

        Assert.Equal(2, rate.Blocks);
        var expected = 2 * (double)ProofOfWork.WorkFor(bits) / 4;
        Assert.Equal(expected, rate.PerSecond(TimeSpan.FromSeconds(4)), precision: 6);
        Assert.InRange(expected, 32_000, 33_000);
        Assert.Equal(0, rate.PerSecond(TimeSpan.Zero));
    }
}
