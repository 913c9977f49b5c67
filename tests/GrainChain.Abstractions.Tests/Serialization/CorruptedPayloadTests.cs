using System.Collections.Immutable;
using GrainChain.Abstractions.Serialization;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Abstractions.Tests.Serialization;

/// <summary>
/// Malformed values arriving through a real Orleans payload: the canonical bytes inside a genuine payload corrupted,
/// or a payload forged by serializing a surrogate with bad contents in place of the value.
/// </summary>
public sealed class CorruptedPayloadTests : IDisposable
{
    private readonly LedgerSamples _samples = new();

    public void Dispose() => _samples.Dispose();

    /// <summary>Serializes <paramref name="value"/>, then rewrites bytes of its canonical encoding inside the payload.</summary>
    private static byte[] Corrupt<T>(T value, byte[] canonical, int offset, params byte[] replacement)
    {
        var payload = Wire.Serialize(value);
        replacement.CopyTo(payload, Wire.Find(payload, canonical) + offset);
        return payload;
    }

    private static void Refused<T>(string typeName, string field, byte[] payload)
    {
        var error = Assert.Throws<WireFormatException>(() => Wire.Deserialize<T>(payload));
        Assert.Equal(typeName, error.TypeName);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void A_transaction_payload_with_an_amount_out_of_range_is_refused()
    {
        var transfer = _samples.SignedTransfer;
        var payload = Corrupt(transfer, transfer.ToArray(), Layout.TransferAmount, BitConverter.GetBytes(long.MaxValue));
        Refused<Transaction>(nameof(Transaction), "transaction.amount", payload);
    }

    [Fact]
    public void A_transaction_payload_with_a_bad_public_key_prefix_is_refused()
    {
        var transfer = _samples.SignedTransfer;
        Refused<Transaction>(nameof(Transaction), "transaction.sender", Corrupt(transfer, transfer.ToArray(), Layout.TransferSender, 0x07));
    }

    [Fact]
    public void A_block_payload_with_a_bad_transaction_count_is_refused()
    {
        var block = _samples.Block;
        Refused<Block>(nameof(Block), "block.transactionCount", Corrupt(block, block.ToArray(), Layout.BlockCount, 0));
        Refused<Block>(nameof(Block), "block.transactionCount", Corrupt(block, block.ToArray(), Layout.BlockCount, 0xFF));
    }

    [Fact]
    public void A_block_payload_with_an_unknown_transaction_kind_is_refused()
    {
        var block = _samples.Block;
        Refused<Block>(nameof(Block), "transaction.kind", Corrupt(block, block.ToArray(), Layout.BlockFirstTransaction, 9));
    }

    [Fact]
    public void A_block_inside_a_list_payload_is_refused_too()
    {
        List<Block> blocks = [_samples.Genesis, _samples.Block];
        var payload = Corrupt(blocks, _samples.Block.ToArray(), Layout.BlockCount, 0);
        Refused<List<Block>>(nameof(Block), "block.transactionCount", payload);
    }

    [Fact]
    public void Forged_payloads_with_bad_values_are_refused()
    {
        var badKey = Layout.With(_samples.Sender.PublicKey.Span.ToArray(), 0, 0x05);
        Refused<Amount>(nameof(Amount), "amount", Wire.Serialize(new AmountSurrogate(-5)));
        Refused<Amount>(nameof(Amount), "amount", Wire.Serialize(new AmountSurrogate(Amount.MaxUnits + 1)));
        Refused<PublicKey>(nameof(PublicKey), "publicKey", Wire.Serialize(new PublicKeySurrogate(badKey)));
        Refused<Signature>(nameof(Signature), "signature", Wire.Serialize(new SignatureSurrogate(new byte[10])));
        Refused<BlockHeader>(nameof(BlockHeader), "header.nonce", Wire.Serialize(new BlockHeaderSurrogate(new byte[78])));
        Refused<Transaction>(nameof(Transaction), "transaction.kind", Wire.Serialize(new TransactionSurrogate([0x42, 1, 2, 3])));
    }

    [Fact]
    public void A_forged_block_payload_over_the_wire_limit_is_refused()
    {
        var payload = Wire.Serialize(new BlockSurrogate(new byte[WireLimits.MaxBlockBytes + 1]));
        Refused<Block>(nameof(Block), "block", payload);
    }

    [Fact]
    public void A_block_over_the_byte_limit_is_refused_at_the_sender()
    {
        var count = WireLimits.MaxBlockBytes / Transaction.TransferSize + 1;
        var oversized = WithTransactions([_samples.Coinbase, .. Enumerable.Repeat(_samples.SignedTransfer, count)]);
        Assert.True(oversized.Transactions.Length <= WireLimits.MaxBlockTransactions);
        var error = Assert.Throws<WireFormatException>(() => Wire.Serialize(oversized));
        Assert.Equal("block", error.Field);
    }

    [Fact]
    public void A_block_over_the_transaction_limit_is_refused_at_the_sender()
    {
        var oversized = WithTransactions([.. Enumerable.Repeat(_samples.Coinbase, WireLimits.MaxBlockTransactions + 1)]);
        var error = Assert.Throws<WireFormatException>(() => Wire.Serialize(oversized));
        Assert.Equal("block.transactionCount", error.Field);
    }

    // The merkle root is left wrong on purpose: the wire checks encoding and size, not consensus.
    private Block WithTransactions(ImmutableArray<Transaction> transactions) =>
        new(_samples.Block.Header, transactions);
}
