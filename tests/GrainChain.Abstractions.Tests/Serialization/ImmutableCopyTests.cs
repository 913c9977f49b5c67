using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Abstractions.Tests.Serialization;

/// <summary>Orleans treats the ledger's immutable types as immutable: a deep copy is the value itself.</summary>
public sealed class ImmutableCopyTests : IDisposable
{
    private readonly LedgerSamples _samples = new();

    public void Dispose() => _samples.Dispose();

    [Fact]
    public void Copying_a_block_returns_the_same_instance()
    {
        Assert.Same(_samples.Block, Wire.Copier.Copy(_samples.Block));
        Assert.Same(_samples.Genesis, Wire.Copier.Copy(_samples.Genesis));
    }

    [Fact]
    public void Copying_a_transaction_returns_the_same_instance()
    {
        Assert.Same(_samples.SignedTransfer, Wire.Copier.Copy(_samples.SignedTransfer));
        Assert.Same(_samples.UnsignedTransfer, Wire.Copier.Copy(_samples.UnsignedTransfer));
        Assert.Same(_samples.Coinbase, Wire.Copier.Copy(_samples.Coinbase));
    }

    [Fact]
    public void Copying_a_mutable_list_copies_the_list_but_shares_its_blocks()
    {
        List<Block> blocks = [_samples.Genesis, _samples.Block];
        var copy = Wire.Copier.Copy(blocks);
        Assert.NotSame(blocks, copy);
        Assert.Same(blocks[0], copy[0]);
        Assert.Same(blocks[1], copy[1]);
    }

    [Fact]
    public void Copying_an_immutable_array_of_transactions_shares_its_storage()
    {
        var transactions = _samples.Block.Transactions;
        var copy = Wire.Copier.Copy(transactions);
        Assert.Same(ImmutableCollectionsMarshal.AsArray(transactions), ImmutableCollectionsMarshal.AsArray(copy));
    }

    [Fact]
    public void Copying_a_public_key_or_signature_shares_the_immutable_bytes()
    {
        var key = _samples.Sender.PublicKey;
        var signature = _samples.SignedTransfer.Signature;
        Assert.True(SameMemory(key.Span, Wire.Copier.Copy(key).Span));
        Assert.True(SameMemory(signature.Span, Wire.Copier.Copy(signature).Span));
    }

    [Fact]
    public void Copying_the_plain_value_types_returns_equal_values()
    {
        var header = _samples.Block.Header;
        Assert.Equal(header, Wire.Copier.Copy(header));
        Assert.Equal(_samples.Block.Hash, Wire.Copier.Copy(_samples.Block.Hash));
        Assert.Equal(LedgerSamples.Recipient, Wire.Copier.Copy(LedgerSamples.Recipient));
        Assert.Equal(_samples.SignedTransfer.Amount, Wire.Copier.Copy(_samples.SignedTransfer.Amount));
    }

    private static bool SameMemory(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.Length == b.Length && Unsafe.AreSame(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b));
}
