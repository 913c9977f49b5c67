using GrainChain.Ledger.Mining;

namespace GrainChain.Ledger.Tests.Mining;

public class ClaimScheduleTests
{
    [Theory]
    [InlineData(100ul, 30ul, 7ul)]
    [InlineData(100ul, 30ul, 30ul)]
    [InlineData(100ul, 30ul, 100ul)]
    [InlineData(100ul, 30ul, 5000ul)] // a first claim larger than the range is cut to the range
    [InlineData(100ul, 500ul, 1ul)] // a claim larger than the range is cut to the range
    [InlineData(64ul, 16ul, 16ul)]
    [InlineData(1ul, 1ul, 1ul)]
    [InlineData(4096ul, 65536ul, 4096ul)]
    public void Claims_cover_every_round_in_order_once_and_never_cross_an_extra_nonce(ulong range, ulong claimSize, ulong first)
    {
        var schedule = new ClaimSchedule(range, claimSize, first);
        Assert.Equal(new NonceClaim(0, 0, Math.Min(first, range)), schedule[0]);

        var (round, next) = (0UL, 0UL);
        for (var c = 0UL; round < 5; c++)
        {
            var claim = schedule[c];
            Assert.Equal(round, claim.Round);
            Assert.Equal(next, claim.Offset);
            Assert.InRange(claim.Count, 1UL, c == 0 ? Math.Min(first, range) : Math.Min(claimSize, range));
            next += claim.Count;
            Assert.True(next <= range);
            if (next == range) (round, next) = (round + 1, 0);
        }
    }

    [Fact]
    public void Claims_after_round_zero_are_aligned_to_the_claim_size()
    {
        var schedule = new ClaimSchedule(1UL << 32, 1 << 16, 1 << 12);
        // Round 0: the 4,096-nonce first claim, then 65,536 claims, the last of them 61,440 nonces long.
        Assert.Equal(new NonceClaim(0, 4096, 65536), schedule[1]);
        Assert.Equal(new NonceClaim(0, 4096 + 65535UL * 65536, 61440), schedule[65536]);
        Assert.Equal(new NonceClaim(1, 0, 65536), schedule[65537]);
        Assert.Equal(new NonceClaim(2, 65536, 65536), schedule[65537 + 65536 + 1]);
        Assert.Equal((1UL << 48) - 1, schedule[ulong.MaxValue].Round);
    }
}
