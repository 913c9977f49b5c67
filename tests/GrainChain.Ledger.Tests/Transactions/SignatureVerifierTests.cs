using System.Numerics;
using System.Security.Cryptography;
using GrainChain.Ledger.Crypto;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Transactions;

public sealed class SignatureVerifierTests : IDisposable
{
    private readonly KeyPair _alice = KeyPair.Generate();
    private readonly KeyPair _bob = KeyPair.Generate();
    private readonly SignatureVerifier _verifier = new();

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _verifier.Dispose();
    }

    [Fact]
    public void A_signed_transfer_verifies_with_both_entry_points()
    {
        var tx = TransferFactory.Signed(_alice);

        Assert.True(_verifier.Verify(tx));
        Assert.True(TransactionSigner.Verify(tx));
        Assert.True(_verifier.Verify(Transaction.Decode(tx.ToArray())));
    }

    [Fact]
    public void A_random_signature_is_rejected()
    {
        var bytes = new byte[Signature.Size];
        RandomNumberGenerator.Fill(bytes);
        bytes[32] &= 0x7f; // keep S low so that the curve check, not the shape check, decides
        var forged = TransferFactory.Unsigned(_alice.PublicKey).WithSignature(Signature.FromBytes(bytes));

        Assert.True(P256Curve.IsCanonicalSignature(bytes));
        Assert.False(_verifier.Verify(forged));
        Assert.False(TransactionSigner.Verify(forged));
    }

    [Fact]
    public void A_signature_by_another_key_over_the_same_content_is_rejected()
    {
        var unsigned = TransferFactory.Unsigned(_alice.PublicKey);
        var bobsSignature = _bob.SignHash(unsigned.SigningHash);

        Assert.False(_verifier.Verify(unsigned.WithSignature(bobsSignature)));
    }

    [Fact]
    public void The_high_S_twin_of_a_valid_signature_is_rejected_although_it_is_mathematically_valid()
    {
        var tx = TransferFactory.Signed(_alice);
        var twin = TransferFactory.HighSTwin(tx.Signature);
        var twinTx = tx.WithSignature(twin);

        using var raw = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = Decompress(_alice.PublicKey) });
        Assert.True(raw.VerifyHash(tx.SigningHash.ToArray(), twin.Span, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.True(_verifier.Verify(tx));
        Assert.False(_verifier.Verify(twinTx));
        Assert.False(TransactionSigner.Verify(twinTx));
    }

    [Fact]
    public void A_copy_for_another_chain_is_rejected()
    {
        var tx = TransferFactory.Signed(_alice, chainId: 7);
        var replay = TransferFactory.Unsigned(_alice.PublicKey, chainId: 8).WithSignature(tx.Signature);

        Assert.True(_verifier.Verify(tx));
        Assert.False(_verifier.Verify(replay));
    }

    [Fact]
    public void Keys_off_the_curve_are_rejected_without_an_exception()
    {
        var offCurve = TransferFactory.OffCurveKey();
        var signature = TransferFactory.Signed(_alice).Signature;
        var beyondField = new byte[PublicKey.Size];
        beyondField.AsSpan().Fill(0xff);
        beyondField[0] = 0x03;

        Assert.False(_verifier.Verify(TransferFactory.Unsigned(offCurve).WithSignature(signature)));
        Assert.False(_verifier.Verify(TransferFactory.Unsigned(PublicKey.FromBytes(beyondField)).WithSignature(signature)));
        Assert.False(TransactionSigner.Verify(TransferFactory.Unsigned(offCurve).WithSignature(signature)));
        Assert.Equal(0, _verifier.CachedKeyCount);
    }

    [Theory]
    [InlineData("zero r")]
    [InlineData("zero s")]
    [InlineData("r equal to N")]
    [InlineData("s just above N/2")]
    [InlineData("all ones")]
    public void Out_of_range_signature_scalars_are_rejected(string shape)
    {
        var bytes = TransferFactory.Signed(_alice).Signature.Span.ToArray();
        switch (shape)
        {
            case "zero r": bytes.AsSpan(0, 32).Clear(); break;
            case "zero s": bytes.AsSpan(32).Clear(); break;
            case "r equal to N": P256Curve.ToBytes32(P256Curve.N).CopyTo(bytes, 0); break;
            case "s just above N/2": P256Curve.ToBytes32(P256Curve.HalfN + BigInteger.One).CopyTo(bytes, 32); break;
            default: bytes.AsSpan().Fill(0xff); break;
        }
        var tx = TransferFactory.Unsigned(_alice.PublicKey).WithSignature(Signature.FromBytes(bytes));

        Assert.False(P256Curve.IsCanonicalSignature(bytes));
        Assert.False(_verifier.Verify(tx));
    }

    [Fact]
    public void Coinbases_and_unsigned_transfers_do_not_verify_but_a_batch_skips_coinbases()
    {
        var coinbase = Transaction.CreateCoinbase(TransferFactory.ChainId, _alice.Address, new Amount(50), height: 1);
        var unsigned = TransferFactory.Unsigned(_alice.PublicKey);

        Assert.False(_verifier.Verify(coinbase));
        Assert.False(_verifier.Verify(unsigned));
        Assert.True(_verifier.VerifyAll([coinbase, TransferFactory.Signed(_alice)]));
        Assert.False(_verifier.VerifyAll([coinbase, unsigned]));
    }

    private static ECPoint Decompress(PublicKey key)
    {
        Assert.True(P256Curve.TryDecompress(key.Span, out var point));
        return point;
    }
}
