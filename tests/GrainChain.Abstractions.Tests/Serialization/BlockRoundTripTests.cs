using GrainChain.Ledger.Blocks;

namespace GrainChain.Abstractions.Tests.Serialization;

/// <summary>Blocks cross the wire as their canonical encoding and arrive with the same hash and transactions.</summary>
public sealed class BlockRoundTripTests : IDisposable
{
    private readonly LedgerSamples _samples = new();

    public void Dispose() => _samples.Dispose();

    private static void AssertSameBlock(Block expected, Block actual)
    {
        Assert.NotSame(expected, actual);
        Assert.Equal(expected.Hash, actual.Hash);
        Assert.Equal(expected.Header, actual.Header);
        Assert.Equal(expected.ToArray(), actual.ToArray());
        Assert.Equal(expected.Transactions.Select(t => t.Id), actual.Transactions.Select(t => t.Id));
        Assert.Equal(expected.ComputeMerkleRoot(), actual.ComputeMerkleRoot());
    }

    [Fact]
    public void The_genesis_block_round_trips()
    {
        AssertSameBlock(_samples.Genesis, Wire.RoundTrip(_samples.Genesis));
    }

    [Fact]
    public void A_block_with_signed_transfers_round_trips()
    {
        var copy = Wire.RoundTrip(_samples.Block);
        AssertSameBlock(_samples.Block, copy);
        Assert.Equal(copy.Header.MerkleRoot, copy.ComputeMerkleRoot());
    }

    [Fact]
    public void A_block_travels_as_its_canonical_bytes()
    {
        Wire.Find(Wire.Serialize(_samples.Block), _samples.Block.ToArray());
    }

    [Fact]
    public void Blocks_round_trip_inside_a_list()
    {
        List<Block> blocks = [_samples.Genesis, _samples.Block];
        var copies = Wire.RoundTrip(blocks);
        Assert.Equal(2, copies.Count);
        AssertSameBlock(_samples.Genesis, copies[0]);
        AssertSameBlock(_samples.Block, copies[1]);
    }
}
