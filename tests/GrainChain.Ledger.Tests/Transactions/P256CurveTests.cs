using System.Security.Cryptography;
using GrainChain.Ledger.Crypto;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Transactions;

public sealed class P256CurveTests
{
    [Fact]
    public void Decompressing_a_compressed_key_gives_back_the_exported_point()
    {
        for (var i = 0; i < 20; i++)
        {
            using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var q = ecdsa.ExportParameters(false).Q;
            var compressed = new byte[PublicKey.Size];
            P256Curve.Compress(q, compressed);

            Assert.True(P256Curve.TryDecompress(compressed, out var point));
            Assert.Equal(q.X, point.X);
            Assert.Equal(q.Y, point.Y);
        }
    }

    [Fact]
    public void Malformed_compressed_keys_are_refused()
    {
        var key = new byte[PublicKey.Size];
        key[0] = 0x04;
        Assert.False(P256Curve.TryDecompress(key, out _));
        Assert.False(P256Curve.TryDecompress(key.AsSpan(0, 32), out _));
        Assert.False(P256Curve.TryDecompress(TransferFactory.OffCurveKey().Span, out _));
    }

    [Fact]
    public void Signing_always_yields_canonical_signatures()
    {
        using var key = KeyPair.Generate();
        for (var i = 0; i < 64; i++)
        {
            var digest = new byte[32];
            RandomNumberGenerator.Fill(digest);
            var signature = key.SignHash(new Primitives.Hash256(digest));
            Assert.True(P256Curve.IsCanonicalSignature(signature.Span));
            Assert.True(P256Curve.IsLowS(signature.Span));
            Assert.False(P256Curve.IsLowS(TransferFactory.HighSTwin(signature).Span));
        }
    }

    [Fact]
    public void A_verification_key_still_verifies_after_it_was_disposed_by_an_eviction()
    {
        using var alice = KeyPair.Generate();
        var tx = TransferFactory.Signed(alice);
        var digest = tx.SigningHash.ToArray();
        Assert.True(P256VerificationKey.TryImport(alice.PublicKey.Span, poolSize: 2, out var key));

        Assert.True(key.Verify(digest, tx.Signature.Span));
        Assert.Equal(1, key.IdleCount);
        key.Dispose();
        Assert.Equal(0, key.IdleCount);
        Assert.True(key.Verify(digest, tx.Signature.Span));
        Assert.Equal(0, key.IdleCount);
        Assert.False(key.Verify(digest, TransferFactory.WithByteFlipped(tx.Signature, 1).Span));
    }

    [Fact]
    public void The_pool_keeps_at_most_its_size_of_idle_instances()
    {
        using var alice = KeyPair.Generate();
        var tx = TransferFactory.Signed(alice);
        var digest = tx.SigningHash.ToArray();
        Assert.True(P256VerificationKey.TryImport(alice.PublicKey.Span, poolSize: 2, out var key));
        using (key)
        {
            Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 6 }, _ => Assert.True(key.Verify(digest, tx.Signature.Span)));
            Assert.InRange(key.IdleCount, 1, 2);
        }
    }
}
