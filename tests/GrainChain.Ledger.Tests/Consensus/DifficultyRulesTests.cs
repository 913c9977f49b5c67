using System.Numerics;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Tests.Consensus;

public class DifficultyRulesTests
{
    private static readonly ChainParams Bitcoin = ChainParams.BitcoinMain;
    private const long TwoWeeks = 14 * 24 * 60 * 60;

    [Theory]
    // Bitcoin's published retarget cases: first block's time, last block's time, old bits, new bits.
    [InlineData(1261130161u, 1262152739u, 0x1d00ffffu, 0x1d00d86au)] // the first real retarget, height 32,256
    [InlineData(1231006505u, 1233061996u, 0x1d00ffffu, 0x1d00ffffu)] // slow interval at the limit stays at the limit
    [InlineData(1279008237u, 1279297671u, 0x1c05a3f4u, 0x1c0168fdu)] // fast interval: clamped to a quarter
    [InlineData(1263163443u, 1269211443u, 0x1c387f6fu, 0x1d00e1fdu)] // slow interval: clamped to four times
    public void Retargets_like_Bitcoin(uint firstTime, uint lastTime, uint oldBits, uint newBits) =>
        Assert.Equal(newBits, DifficultyRules.Retarget(Bitcoin, oldBits, firstTime, lastTime));

    [Fact]
    public void A_fast_interval_is_clamped_to_a_quarter_of_the_target_timespan()
    {
        const uint bits = 0x1c05a3f4;
        var quarter = Expected(bits, TwoWeeks / 4);
        const uint start = 1_300_000_000;
        Assert.Equal(quarter, DifficultyRules.Retarget(Bitcoin, bits, start, start + (uint)(TwoWeeks / 4)));
        Assert.Equal(quarter, DifficultyRules.Retarget(Bitcoin, bits, start, start + 1));
        Assert.Equal(quarter, DifficultyRules.Retarget(Bitcoin, bits, start, start));
        Assert.Equal(quarter, DifficultyRules.Retarget(Bitcoin, bits, start, start - 5_000)); // time may go backwards
        Assert.NotEqual(quarter, DifficultyRules.Retarget(Bitcoin, bits, start, start + (uint)(TwoWeeks / 4) + 10_000));
    }

    [Fact]
    public void A_slow_interval_is_clamped_to_four_times_the_target_timespan()
    {
        const uint bits = 0x1c387f6f;
        var fourTimes = Expected(bits, TwoWeeks * 4);
        const uint start = 1_300_000_000;
        Assert.Equal(fourTimes, DifficultyRules.Retarget(Bitcoin, bits, start, start + (uint)(TwoWeeks * 4)));
        Assert.Equal(fourTimes, DifficultyRules.Retarget(Bitcoin, bits, start, start + (uint)(TwoWeeks * 40)));
        Assert.NotEqual(fourTimes, DifficultyRules.Retarget(Bitcoin, bits, start, start + (uint)(TwoWeeks * 4) - 100_000));
    }

    [Fact]
    public void A_retarget_never_goes_easier_than_the_limit()
    {
        // 0x1d00e000 times four would be well past 0x1d00ffff.
        const uint start = 1_300_000_000;
        Assert.Equal(0x1d00ffffu, DifficultyRules.Retarget(Bitcoin, 0x1d00e000, start, start + (uint)(TwoWeeks * 4)));
        Assert.Equal(0x1d00ffffu, DifficultyRules.Retarget(Bitcoin, 0x1d00ffff, start, start + (uint)(TwoWeeks * 2)));
        // Just under the cap the scaled target is kept.
        Assert.Equal(Expected(0x1c400000, TwoWeeks * 2), DifficultyRules.Retarget(Bitcoin, 0x1c400000, start, start + (uint)(TwoWeeks * 2)));
    }

    [Fact]
    public void An_on_time_interval_keeps_the_bits()
    {
        const uint start = 1_300_000_000;
        Assert.Equal(0x1b0404cbu, DifficultyRules.Retarget(Bitcoin, 0x1b0404cb, start, start + (uint)TwoWeeks));
    }

    [Fact]
    public void Required_bits_follow_the_parent_except_at_a_retarget_height()
    {
        var chain = TestChains.Easy(retargetInterval: 8, spacing: 600);
        // Fast blocks: 60 s instead of 600, so the retarget at height 8 hardens the target (clamped to a quarter).
        var headers = new List<BlockHeader> { chain.GenesisHeader };
        for (var i = 1; i < 8; i++) headers.Add(headers[^1] with { Time = headers[^1].Time + 60 });
        BlockHeader At(long h) => headers[(int)h];

        for (var height = 1; height < 8; height++)
            Assert.Equal(TestChains.EasyBits, DifficultyRules.RequiredBits(chain, height, headers[height - 1], At));

        // Bitcoin measures from the interval's first block (height 0) to its last (height 7): 7 * 60 s, clamped to 4800 / 4.
        var expected = DifficultyRules.Retarget(chain, TestChains.EasyBits, headers[0].Time, headers[7].Time);
        Assert.Equal(Expected(TestChains.EasyBits, chain.TargetTimespanSeconds / 4, chain.TargetTimespanSeconds), expected);
        Assert.Equal(expected, DifficultyRules.RequiredBits(chain, 8, headers[7], At));

        var frozen = chain with { NoRetargeting = true };
        Assert.Equal(TestChains.EasyBits, DifficultyRules.RequiredBits(frozen, 8, headers[7], At));
        Assert.Throws<ArgumentOutOfRangeException>(() => DifficultyRules.RequiredBits(chain, 0, headers[0], At));
    }

    [Fact]
    public void Median_time_past_is_the_middle_of_the_last_eleven_times()
    {
        uint[] times = [100, 50, 300, 200, 250, 10, 900, 400, 350, 120, 130, 800, 700];
        BlockHeader At(long h) => Bitcoin.GenesisHeader with { Time = times[h] };

        // Heights 2..12: sorted 10,120,130,200,250,300,350,400,700,800,900 -> 300.
        Assert.Equal(300u, DifficultyRules.MedianTimePast(Bitcoin, 12, At));
        // Near genesis fewer times count: one time is its own median, two take the upper one.
        Assert.Equal(100u, DifficultyRules.MedianTimePast(Bitcoin, 0, At));
        Assert.Equal(100u, DifficultyRules.MedianTimePast(Bitcoin, 1, At));
        Assert.Equal(100u, DifficultyRules.MedianTimePast(Bitcoin, 2, At)); // 50,100,300
        Assert.Equal(200u, DifficultyRules.MedianTimePast(Bitcoin, 3, At)); // 50,100,200,300
        Assert.Throws<ArgumentOutOfRangeException>(() => DifficultyRules.MedianTimePast(Bitcoin, -1, At));
    }

    [Fact]
    public void The_latest_allowed_time_is_two_hours_ahead_of_the_clock()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        Assert.Equal(1_700_007_200, DifficultyRules.MaxAllowedTime(Bitcoin, now));
    }

    private static uint Expected(uint bits, long actual, long expected = TwoWeeks)
    {
        Assert.True(ProofOfWork.TryDecodeTarget(bits, out var target));
        return ProofOfWork.EncodeCompact(target * actual / expected);
    }
}
