using GrainChain.Abstractions.Serialization;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Abstractions.Tests.Serialization;

/// <summary>Transactions cross the wire as their canonical encoding; unsigned transfers as their signed-over bytes.</summary>
public sealed class TransactionRoundTripTests : IDisposable
{
    private readonly LedgerSamples _samples = new();

    public void Dispose() => _samples.Dispose();

    [Fact]
    public void A_signed_transfer_keeps_its_id_bytes_and_valid_signature()
    {
        var transfer = _samples.SignedTransfer;
        var copy = Wire.RoundTrip(transfer);
        Assert.NotSame(transfer, copy);
        Assert.Equal(transfer.Id, copy.Id);
        Assert.Equal(transfer.ToArray(), copy.ToArray());
        Assert.Equal(transfer, copy);
        Assert.True(TransactionSigner.Verify(copy));
    }

    [Fact]
    public void A_coinbase_keeps_its_id_bytes_height_and_extra_nonce()
    {
        var coinbase = _samples.Coinbase;
        var copy = Wire.RoundTrip(coinbase);
        Assert.True(copy.IsCoinbase);
        Assert.Equal(coinbase.Id, copy.Id);
        Assert.Equal(coinbase.ToArray(), copy.ToArray());
        Assert.Equal(coinbase.Nonce, copy.Nonce);
        Assert.Equal(coinbase.ExtraNonce, copy.ExtraNonce);
    }

    [Fact]
    public void A_signed_transfer_travels_as_its_canonical_bytes()
    {
        Wire.Find(Wire.Serialize(_samples.SignedTransfer), _samples.SignedTransfer.ToArray());
    }

    [Fact]
    public void An_unsigned_transfer_arrives_unsigned_with_the_same_content_and_can_then_be_signed()
    {
        var unsigned = _samples.UnsignedTransfer;
        var copy = Wire.RoundTrip(unsigned);
        Assert.False(copy.IsSigned);
        Assert.False(copy.IsCoinbase);
        Assert.Equal(unsigned.SigningHash, copy.SigningHash);
        Assert.Equal(unsigned, copy);
        var signed = TransactionSigner.Sign(copy, _samples.Sender);
        Assert.Equal(_samples.SignedTransfer.SigningHash, signed.SigningHash);
        Assert.True(TransactionSigner.Verify(signed));
    }

    [Fact]
    public void An_unsigned_transfer_travels_as_the_signed_transfer_without_its_signature()
    {
        var surrogate = new TransactionConverter().ConvertToSurrogate(_samples.UnsignedTransfer);
        Assert.Equal(TransactionSurrogate.UnsignedTransferSize, surrogate.Bytes.Length);
        Assert.Equal(_samples.SignedTransfer.ToArray()[..TransactionSurrogate.UnsignedTransferSize], surrogate.Bytes);
    }

    [Fact]
    public void A_list_of_mixed_transactions_round_trips_in_order()
    {
        Transaction[] transactions = [_samples.Coinbase, _samples.SignedTransfer, _samples.UnsignedTransfer, _samples.SecondTransfer];
        var copies = Wire.RoundTrip(transactions);
        Assert.Equal(transactions.Select(t => t.SigningHash), copies.Select(t => t.SigningHash));
        Assert.Equal(transactions.Select(t => t.IsSigned), copies.Select(t => t.IsSigned));
    }
}
