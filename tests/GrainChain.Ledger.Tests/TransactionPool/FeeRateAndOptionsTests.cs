using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Tests.TransactionPool;

using GrainChain.Ledger.TransactionPool;

public sealed class FeeRateAndOptionsTests
{
    [Fact]
    public void Fee_rates_compare_as_exact_fractions()
    {
        Assert.True(new FeeRate(11, 146) > new FeeRate(10, 146));
        Assert.True(new FeeRate(1, 3) < new FeeRate(1, 2));
        Assert.Equal(new FeeRate(2, 2), new FeeRate(146, 146));
        // Differ by one unit at the largest fee: a double could not tell them apart, the fraction can.
        Assert.True(new FeeRate(Amount.MaxUnits, 146) > new FeeRate(Amount.MaxUnits - 1, 146));
        // Sizes beyond the fast path's bound still compare exactly.
        Assert.True(new FeeRate(Amount.MaxUnits, 1_000_000) < new FeeRate(Amount.MaxUnits, 999_999));
        Assert.Equal(0, new FeeRate(Amount.MaxUnits, 1_000_000).CompareTo(new FeeRate(Amount.MaxUnits, 1_000_000)));
    }

    [Theory]
    [InlineData(0, 8_000_000, 64, 10, "MaxTransactions")]
    [InlineData(10, 100, 64, 10, "MaxBytes")]
    [InlineData(10, 8_000_000, 0, 10, "MaxPendingPerSender")]
    [InlineData(10, 8_000_000, 64, -1, "ReplacementFeeBumpPercent")]
    public void Options_out_of_range_are_refused_naming_the_setting(int maxTx, long maxBytes, int perSender, int bump, string name)
    {
        var options = new MempoolOptions
        {
            MaxTransactions = maxTx,
            MaxBytes = maxBytes,
            MaxPendingPerSender = perSender,
            ReplacementFeeBumpPercent = bump,
        };

        var error = Assert.Throws<ArgumentException>(() => options.Validate());
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        var defaults = new MempoolOptions().Validate();

        Assert.Equal(50_000, defaults.MaxTransactions);
        Assert.Equal(10, defaults.ReplacementFeeBumpPercent);
    }
}
