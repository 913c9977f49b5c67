using GrainChain.Abstractions.Serialization;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Abstractions.Tests.Serialization;

/// <summary>Surrogates built by hand with bad bytes: each converter refuses them with a <see cref="WireFormatException"/>.</summary>
public sealed class MalformedSurrogateTests : IDisposable
{
    private readonly LedgerSamples _samples = new();

    public void Dispose() => _samples.Dispose();

    private static WireFormatException Refused(string typeName, string field, Action convert)
    {
        var error = Assert.Throws<WireFormatException>(convert);
        Assert.Equal(typeName, error.TypeName);
        Assert.Equal(field, error.Field);
        Assert.Contains(typeName, error.Message);
        Assert.Contains(field, error.Message);
        return error;
    }

    private static void TransactionRefused(string field, byte[] bytes) =>
        Refused(nameof(Transaction), field, () => new TransactionConverter().ConvertFromSurrogate(new TransactionSurrogate(bytes)));

    private static void BlockRefused(string field, byte[] bytes) =>
        Refused(nameof(Block), field, () => new BlockConverter().ConvertFromSurrogate(new BlockSurrogate(bytes)));

    [Theory]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(Amount.MaxUnits + 1)]
    [InlineData(long.MaxValue)]
    public void An_amount_out_of_range_is_refused(long units) =>
        Refused(nameof(Amount), "amount", () => new AmountConverter().ConvertFromSurrogate(new AmountSurrogate(units)));

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(34)]
    [InlineData(65)]
    public void A_public_key_of_the_wrong_length_is_refused(int length)
    {
        var bytes = new byte[length];
        bytes[0] = 0x02;
        Refused(nameof(PublicKey), "publicKey", () => new PublicKeyConverter().ConvertFromSurrogate(new PublicKeySurrogate(bytes)));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x04)]
    [InlineData(0xFF)]
    public void A_public_key_with_a_bad_prefix_is_refused(byte prefix)
    {
        var bytes = Layout.With(_samples.Sender.PublicKey.Span.ToArray(), 0, prefix);
        var error = Refused(nameof(PublicKey), "publicKey", () => new PublicKeyConverter().ConvertFromSurrogate(new PublicKeySurrogate(bytes)));
        Assert.Contains("0x02 or 0x03", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(65)]
    public void A_signature_of_the_wrong_length_is_refused(int length) =>
        Refused(nameof(Signature), "signature", () => new SignatureConverter().ConvertFromSurrogate(new SignatureSurrogate(new byte[length])));

    [Fact]
    public void A_header_truncated_or_with_trailing_bytes_is_refused()
    {
        var header = _samples.Block.Header.ToArray();
        Refused(nameof(BlockHeader), "header.nonce", () => new BlockHeaderConverter().ConvertFromSurrogate(new BlockHeaderSurrogate(header[..79])));
        Refused(nameof(BlockHeader), "header.version", () => new BlockHeaderConverter().ConvertFromSurrogate(new BlockHeaderSurrogate([])));
        Refused(nameof(BlockHeader), "header", () => new BlockHeaderConverter().ConvertFromSurrogate(new BlockHeaderSurrogate([.. header, 0])));
    }

    [Fact]
    public void Missing_bytes_are_refused_for_every_byte_surrogate()
    {
        // A default surrogate is what Orleans produces when a payload leaves the field out.
        Refused(nameof(PublicKey), "publicKey", () => new PublicKeyConverter().ConvertFromSurrogate(default));
        Refused(nameof(Signature), "signature", () => new SignatureConverter().ConvertFromSurrogate(default));
        Refused(nameof(BlockHeader), "header", () => new BlockHeaderConverter().ConvertFromSurrogate(default));
        Refused(nameof(Transaction), "transaction", () => new TransactionConverter().ConvertFromSurrogate(default));
        Refused(nameof(Block), "block", () => new BlockConverter().ConvertFromSurrogate(default));
    }

    [Fact]
    public void A_truncated_transaction_is_refused()
    {
        var signed = _samples.SignedTransfer.ToArray();
        TransactionRefused("transaction.kind", []);
        TransactionRefused("transaction.chainId", signed[..3]);
        TransactionRefused("transaction.signature", signed[..^1]);
        TransactionRefused("transaction.recipient", _samples.Coinbase.ToArray()[..10]);
    }

    [Fact]
    public void A_transaction_with_trailing_bytes_is_refused() =>
        TransactionRefused("transaction", [.. _samples.SignedTransfer.ToArray(), 0]);

    [Fact]
    public void A_transaction_of_an_unknown_kind_is_refused() =>
        TransactionRefused("transaction.kind", Layout.With(_samples.SignedTransfer.ToArray(), 0, 7));

    [Fact]
    public void A_transaction_amount_out_of_range_is_refused()
    {
        TransactionRefused("transaction.amount", Layout.WithInt64(_samples.SignedTransfer.ToArray(), Layout.TransferAmount, -1));
        TransactionRefused("transaction.amount", Layout.WithInt64(_samples.Coinbase.ToArray(), Layout.CoinbaseAmount, Amount.MaxUnits + 1));
    }

    [Fact]
    public void A_transfer_with_a_bad_public_key_prefix_is_refused_signed_or_unsigned()
    {
        var signed = Layout.With(_samples.SignedTransfer.ToArray(), Layout.TransferSender, 0x04);
        TransactionRefused("transaction.sender", signed);
        TransactionRefused("transaction.sender", signed[..TransactionSurrogate.UnsignedTransferSize]);
    }

    [Fact]
    public void Garbage_of_the_unsigned_transfer_length_is_refused()
    {
        var garbage = Enumerable.Repeat((byte)0xA5, TransactionSurrogate.UnsignedTransferSize).ToArray();
        TransactionRefused("transaction.kind", garbage);
    }

    [Fact]
    public void A_truncated_block_is_refused()
    {
        var block = _samples.Block.ToArray();
        BlockRefused("header.merkleRoot", block[..40]);
        BlockRefused("block.transactionCount", block[..Layout.BlockCount]);
        BlockRefused("transaction.signature", block[..^1]);
    }

    [Fact]
    public void A_block_declaring_more_transactions_than_its_bytes_hold_is_refused()
    {
        // 200 declared, three present: refused before anything is sized by the count.
        BlockRefused("block.transactionCount", Layout.With(_samples.Block.ToArray(), Layout.BlockCount, 200));
    }

    [Fact]
    public void A_block_declaring_more_transactions_than_the_wire_limit_is_refused()
    {
        var block = _samples.Block.ToArray();
        byte[] huge = [.. block[..Layout.BlockCount], 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, .. block[Layout.BlockFirstTransaction..]];
        BlockRefused("block.transactionCount", huge);
    }

    [Fact]
    public void A_block_without_transactions_or_with_trailing_bytes_is_refused()
    {
        BlockRefused("block.transactionCount", [.. _samples.Block.Header.ToArray(), 0]);
        BlockRefused("block", [.. _samples.Block.ToArray(), 0]);
    }

    [Fact]
    public void A_block_over_the_wire_limit_is_refused_before_decoding()
    {
        // Valid bytes followed by padding: the size check must fire before the decoder reads anything.
        var bytes = new byte[WireLimits.MaxBlockBytes + 1];
        _samples.Block.ToArray().CopyTo(bytes, 0);
        BlockRefused("block", bytes);
    }
}
