using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Abstractions.Tests.Serialization;

/// <summary>The ledger's value types survive a real Orleans serialize and deserialize unchanged.</summary>
public sealed class ValueRoundTripTests : IDisposable
{
    private readonly LedgerSamples _samples = new();

    public void Dispose() => _samples.Dispose();

    public static TheoryData<string> Hashes => new()
    {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "0123456789abcdef00112233445566778899aabbccddeefffedcba9876543210",
    };

    [Theory]
    [MemberData(nameof(Hashes))]
    public void Hash256_round_trips(string hex)
    {
        var hash = Hash256.Parse(hex);
        Assert.Equal(hash, Wire.RoundTrip(hash));
    }

    [Fact]
    public void Hash256_round_trips_inside_a_collection()
    {
        Hash256[] hashes = [_samples.Genesis.Hash, _samples.Block.Hash, Hash256.Zero];
        Assert.Equal(hashes, Wire.RoundTrip(hashes));
    }

    [Fact]
    public void Address_round_trips()
    {
        foreach (var address in new[] { Address.Zero, LedgerSamples.Recipient, _samples.Sender.Address, Address.Parse(new string('f', 40)) })
            Assert.Equal(address, Wire.RoundTrip(address));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(Amount.UnitsPerCoin)]
    [InlineData(Amount.MaxUnits)]
    public void Amount_round_trips(long units)
    {
        var amount = new Amount(units);
        Assert.Equal(amount, Wire.RoundTrip(amount));
    }

    [Fact]
    public void PublicKey_round_trips()
    {
        var key = _samples.Sender.PublicKey;
        var copy = Wire.RoundTrip(key);
        Assert.Equal(key, copy);
        Assert.True(copy.Span.SequenceEqual(key.Span));
    }

    [Fact]
    public void The_empty_PublicKey_of_a_coinbase_round_trips_as_empty()
    {
        Assert.True(_samples.Coinbase.Sender.IsEmpty);
        Assert.True(Wire.RoundTrip(_samples.Coinbase.Sender).IsEmpty);
    }

    [Fact]
    public void Signature_round_trips()
    {
        var signature = _samples.SignedTransfer.Signature;
        var copy = Wire.RoundTrip(signature);
        Assert.Equal(signature, copy);
        Assert.False(copy.IsEmpty);
    }

    [Fact]
    public void The_empty_Signature_of_an_unsigned_transfer_round_trips_as_empty()
    {
        Assert.True(Wire.RoundTrip(_samples.UnsignedTransfer.Signature).IsEmpty);
    }

    [Fact]
    public void BlockHeader_round_trips_with_the_same_hash_and_bytes()
    {
        foreach (var header in new[] { ChainParams.Main.GenesisHeader, ChainParams.BitcoinMain.GenesisHeader, _samples.Block.Header })
        {
            var copy = Wire.RoundTrip(header);
            Assert.Equal(header, copy);
            Assert.Equal(header.ComputeHash(), copy.ComputeHash());
            Assert.Equal(header.ToArray(), copy.ToArray());
        }
    }

    [Fact]
    public void A_header_travels_as_its_canonical_80_bytes()
    {
        var header = _samples.Block.Header;
        Wire.Find(Wire.Serialize(header), header.ToArray());
    }
}
