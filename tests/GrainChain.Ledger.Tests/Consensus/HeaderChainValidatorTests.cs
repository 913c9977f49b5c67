using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Tests.Consensus;

public class HeaderChainValidatorTests
{
    private const uint Spacing = 300;
    private readonly ChainParams _chain = TestChains.Easy(retargetInterval: 8, spacing: 600);
    private readonly List<BlockHeader> _headers;
    private readonly FixedTimeProvider _clock;

    public HeaderChainValidatorTests()
    {
        // Blocks twice as fast as intended, so the retargets at 8 and 16 really change the bits.
        _headers = TestChains.Build(_chain, 20, Spacing);
        _clock = FixedTimeProvider.AtUnixSeconds(_headers[^1].Time + 60);
    }

    private HeaderChainValidator Validator => new(_chain, _clock);

    [Fact]
    public void Accepts_a_chain_that_keeps_every_rule_through_retargets()
    {
        Assert.NotEqual(_headers[7].Bits, _headers[8].Bits);
        Assert.NotEqual(_headers[15].Bits, _headers[16].Bits);
        Assert.Equal(_headers[^1].ComputeHash(), Validator.Validate(_headers));
        Assert.Equal(_chain.GenesisHeader.ComputeHash(), Validator.Validate([_chain.GenesisHeader]));
    }

    [Fact]
    public void Rejects_a_foreign_genesis()
    {
        var foreign = TestChains.Mine(_chain.GenesisHeader with { Time = _chain.GenesisHeader.Time + 1 });
        var error = Assert.Throws<HeaderValidationException>(() => Validator.Validate([foreign]));
        Assert.Equal(HeaderRejectReason.GenesisMismatch, error.Reason);
        Assert.Equal(0, error.Height);
    }

    [Fact]
    public void Rejects_a_header_that_does_not_link_to_its_parent()
    {
        var broken = Replace(5, h => TestChains.Mine(h with { PreviousHash = _headers[3].ComputeHash() }));
        AssertRejected(broken, 5, HeaderRejectReason.PreviousHashMismatch);
    }

    [Theory]
    [InlineData(4)]  // between retargets the parent's bits are required
    [InlineData(8)]  // at a retarget the new bits are required
    [InlineData(16)]
    public void Rejects_bits_other_than_the_required_ones(int height)
    {
        var wrong = _headers[height].Bits == TestChains.EasyBits ? 0x1f7fffffu : TestChains.EasyBits;
        var broken = Replace(height, h => TestChains.Mine(h with { Bits = wrong }));
        var error = AssertRejected(broken, height, HeaderRejectReason.UnexpectedBits);
        Assert.Contains($"0x{_headers[height].Bits:x8}", error.Message);
    }

    [Theory]
    [InlineData(0x04923456u)] // negative
    [InlineData(0x01003456u)] // zero
    [InlineData(0x23000001u)] // overflow
    [InlineData(0x2100ffffu)] // easier than the chain's limit
    public void Rejects_bits_that_are_no_valid_target(uint bits)
    {
        var broken = Replace(6, h => h with { Bits = bits });
        AssertRejected(broken, 6, HeaderRejectReason.InvalidTarget);
    }

    [Fact]
    public void Rejects_a_time_not_after_the_median_time_past_and_accepts_one_second_later()
    {
        const int height = 14;
        var median = DifficultyRules.MedianTimePast(_chain, height - 1, h => _headers[(int)h]);
        var atMedian = Truncate(Replace(height, h => TestChains.Mine(h with { Time = median })), height);
        AssertRejected(atMedian, height, HeaderRejectReason.TimeTooEarly);

        var justAfter = Truncate(Replace(height, h => TestChains.Mine(h with { Time = median + 1 })), height);
        Validator.Validate(justAfter);
    }

    [Fact]
    public void Rejects_a_time_too_far_ahead_of_the_clock_and_accepts_the_limit_itself()
    {
        var latest = _clock.GetUtcNow().ToUnixTimeSeconds() + _chain.MaxFutureDriftSeconds;
        var height = _headers.Count - 1;
        var tooLate = Replace(height, h => TestChains.Mine(h with { Time = (uint)latest + 1 }));
        AssertRejected(tooLate, height, HeaderRejectReason.TimeTooFarInFuture);

        var atLimit = Replace(height, h => TestChains.Mine(h with { Time = (uint)latest }));
        Validator.Validate(atLimit);
    }

    [Fact]
    public void Judges_future_times_by_the_injected_clock()
    {
        // The same chain seen from a clock set before its last header (minus the drift) is rejected there.
        var early = new HeaderChainValidator(_chain, FixedTimeProvider.AtUnixSeconds(_headers[^1].Time - _chain.MaxFutureDriftSeconds - 1));
        var error = Assert.Throws<HeaderValidationException>(() => early.Validate(_headers));
        Assert.Equal(HeaderRejectReason.TimeTooFarInFuture, error.Reason);
        Assert.Equal(_headers.Count - 1, error.Height);
    }

    [Fact]
    public void Rejects_a_hash_above_its_target()
    {
        var broken = Replace(9, TestChains.Unmine);
        AssertRejected(broken, 9, HeaderRejectReason.InsufficientProofOfWork);
    }

    [Fact]
    public void Checks_a_single_header_in_context()
    {
        var validator = Validator;
        BlockHeader At(long h) => _headers[(int)h];
        var parentHash = _headers[11].ComputeHash();
        Assert.Null(validator.CheckHeader(_headers[12], 12, parentHash, At));

        var rejection = validator.CheckHeader(TestChains.Unmine(_headers[12]), 12, parentHash, At);
        Assert.Equal(HeaderRejectReason.InsufficientProofOfWork, rejection?.Reason);
        Assert.Equal(HeaderRejectReason.PreviousHashMismatch, validator.CheckHeader(_headers[12], 12, Hash256.Zero, At)?.Reason);
    }

    private List<BlockHeader> Replace(int height, Func<BlockHeader, BlockHeader> change)
    {
        var copy = new List<BlockHeader>(_headers);
        copy[height] = change(copy[height]);
        return copy;
    }

    private static List<BlockHeader> Truncate(List<BlockHeader> headers, int lastHeight) => headers.GetRange(0, lastHeight + 1);

    private HeaderValidationException AssertRejected(List<BlockHeader> headers, int height, HeaderRejectReason reason)
    {
        var error = Assert.Throws<HeaderValidationException>(() => Validator.Validate(headers));
        Assert.Equal(reason, error.Reason);
        Assert.Equal(height, error.Height);
        Assert.Equal(headers[height].ComputeHash(), error.HeaderHash);
        return error;
    }
}
