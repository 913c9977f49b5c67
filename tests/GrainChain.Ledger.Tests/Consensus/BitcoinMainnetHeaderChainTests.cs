using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Tests.Consensus;

public class BitcoinMainnetHeaderChainTests(BitcoinHeaderFixture fixture) : IClassFixture<BitcoinHeaderFixture>
{
    private const int FirstRetarget = 32_256;
    private static readonly FixedTimeProvider Clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly IReadOnlyList<BlockHeader> _headers = fixture.Headers;

    private static HeaderChainValidator Validator(TimeProvider? clock = null) => new(ChainParams.BitcoinMain, clock ?? Clock);

    [Fact]
    public void Accepts_every_header_from_genesis_through_the_first_retarget()
    {
        var tip = Validator().Validate(_headers);

        Assert.Equal("000000008a5b32a0610b2b0eeb5390e30e157324bf28c09ab83ccbb99184c38b", tip.ToString());
        Assert.Equal("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", _headers[0].ComputeHash().ToString());
        Assert.Equal(ChainParams.BitcoinMain.GenesisHeader, _headers[0]);
        for (var height = 0; height < _headers.Count; height++)
            Assert.Equal(height < FirstRetarget ? 0x1d00ffffu : 0x1d00d86au, _headers[height].Bits);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(FirstRetarget)]
    [InlineData(FirstRetarget + 2)]
    public void Rejects_changed_bits_at_that_height(int height)
    {
        var wrong = height < FirstRetarget ? 0x1d00d86au : 0x1d00ffffu;
        AssertRejected(Change(height, h => h with { Bits = wrong }), height, HeaderRejectReason.UnexpectedBits);
    }

    [Fact]
    public void Rejects_bits_easier_than_the_limit()
    {
        AssertRejected(Change(20_000, h => h with { Bits = 0x1d01ffff }), 20_000, HeaderRejectReason.InvalidTarget);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(25_000)]
    public void Rejects_a_time_at_the_median_time_past(int height)
    {
        var median = DifficultyRules.MedianTimePast(ChainParams.BitcoinMain, height - 1, h => _headers[(int)h]);
        AssertRejected(Change(height, h => h with { Time = median }), height, HeaderRejectReason.TimeTooEarly);
    }

    [Fact]
    public void Rejects_a_time_beyond_the_clock_plus_two_hours()
    {
        const int height = 30_000;
        var latest = Clock.GetUtcNow().ToUnixTimeSeconds() + 2 * 60 * 60;
        AssertRejected(Change(height, h => h with { Time = (uint)latest + 1 }), height, HeaderRejectReason.TimeTooFarInFuture);
    }

    [Fact]
    public void A_clock_set_in_the_past_rejects_the_first_header_beyond_it()
    {
        // Seen from two hours and one second before header 20,000 was stamped, the first header later than that fails.
        var stamp = _headers[20_000].Time;
        var clock = FixedTimeProvider.AtUnixSeconds(stamp - 2 * 60 * 60 - 1);
        var expected = Enumerable.Range(0, _headers.Count).First(h => _headers[h].Time >= stamp);

        var error = Assert.Throws<HeaderValidationException>(() => Validator(clock).Validate(_headers));
        Assert.Equal(HeaderRejectReason.TimeTooFarInFuture, error.Reason);
        Assert.Equal(expected, error.Height);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17_000)]
    [InlineData(32_259)]
    public void Rejects_a_changed_previous_hash(int height)
    {
        static Hash256 FlipLowestBit(Hash256 hash)
        {
            var (w0, w1, w2, w3) = hash.Words;
            return Hash256.FromWords(w0 ^ 1, w1, w2, w3);
        }
        AssertRejected(Change(height, h => h with { PreviousHash = FlipLowestBit(h.PreviousHash) }), height, HeaderRejectReason.PreviousHashMismatch);
    }

    [Theory]
    [InlineData(5_000)]
    [InlineData(32_259)]
    public void Rejects_a_changed_nonce_or_merkle_root_for_its_proof_of_work(int height)
    {
        AssertRejected(Change(height, h => h with { Nonce = h.Nonce ^ 1 }), height, HeaderRejectReason.InsufficientProofOfWork);
        AssertRejected(Change(height, h => h with { MerkleRoot = _headers[height - 1].MerkleRoot }), height, HeaderRejectReason.InsufficientProofOfWork);
    }

    [Fact]
    public void Rejects_a_header_whose_successor_no_longer_links_to_it_at_the_changed_height_only()
    {
        // A changed time at an ordinary height breaks its own proof of work first, so the rejection names that height.
        const int height = 10_000;
        AssertRejected(Change(height, h => h with { Time = h.Time + 1 }), height, HeaderRejectReason.InsufficientProofOfWork);
    }

    private BlockHeader[] Change(int height, Func<BlockHeader, BlockHeader> change)
    {
        var copy = _headers.ToArray();
        copy[height] = change(copy[height]);
        Assert.NotEqual(_headers[height], copy[height]);
        return copy;
    }

    private static void AssertRejected(BlockHeader[] headers, int height, HeaderRejectReason reason)
    {
        var error = Assert.Throws<HeaderValidationException>(() => Validator().Validate(headers));
        Assert.Equal(reason, error.Reason);
        Assert.Equal(height, error.Height);
    }
}
