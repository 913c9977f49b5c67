using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Transactions;

public sealed class SignatureCacheTests : IDisposable
{
    private readonly KeyPair _alice = KeyPair.Generate();

    public void Dispose() => _alice.Dispose();

    [Fact]
    public void A_success_is_remembered_and_a_second_check_agrees()
    {
        using var verifier = new SignatureVerifier();
        var tx = TransferFactory.Signed(_alice);

        Assert.Equal(0, verifier.CachedSignatureCount);
        Assert.True(verifier.Verify(tx));
        Assert.Equal(1, verifier.CachedSignatureCount);
        Assert.True(verifier.Verify(Transaction.Decode(tx.ToArray())));
        Assert.Equal(1, verifier.CachedSignatureCount);
    }

    [Fact]
    public void A_cached_success_is_not_reused_for_another_signature_over_the_same_content()
    {
        using var verifier = new SignatureVerifier();
        var tx = TransferFactory.Signed(_alice);
        Assert.True(verifier.Verify(tx));

        for (var i = 0; i < Signature.Size; i++)
            Assert.False(verifier.Verify(tx.WithSignature(TransferFactory.WithByteFlipped(tx.Signature, i))));
        Assert.False(verifier.Verify(tx.WithSignature(TransferFactory.HighSTwin(tx.Signature))));
        Assert.Equal(1, verifier.CachedSignatureCount);
    }

    [Fact]
    public void Two_valid_signatures_of_one_content_are_two_entries()
    {
        using var verifier = new SignatureVerifier();
        var unsigned = TransferFactory.Unsigned(_alice.PublicKey);
        var first = TransactionSigner.Sign(unsigned, _alice);
        var second = TransactionSigner.Sign(unsigned, _alice);
        Assert.NotEqual(first.Signature, second.Signature); // ECDSA nonces are random

        Assert.True(verifier.Verify(first));
        Assert.True(verifier.Verify(second));
        Assert.Equal(2, verifier.CachedSignatureCount);
    }

    [Fact]
    public void Failures_are_not_cached()
    {
        using var verifier = new SignatureVerifier();
        var tx = TransferFactory.Signed(_alice);
        var bad = tx.WithSignature(TransferFactory.WithByteFlipped(tx.Signature, 3));

        Assert.False(verifier.Verify(bad));
        Assert.False(verifier.Verify(bad));
        Assert.Equal(0, verifier.CachedSignatureCount);
    }

    [Fact]
    public void The_signature_cache_stays_within_its_capacity_and_answers_stay_right()
    {
        using var verifier = new SignatureVerifier(new SignatureVerifierOptions { SignatureCacheCapacity = 4 });
        var txs = Enumerable.Range(0, 12).Select(n => TransferFactory.Signed(_alice, nonce: (ulong)n)).ToArray();

        foreach (var tx in txs)
        {
            Assert.True(verifier.Verify(tx));
            Assert.InRange(verifier.CachedSignatureCount, 1, 4);
        }
        foreach (var tx in txs)
        {
            Assert.True(verifier.Verify(tx));
            Assert.False(verifier.Verify(tx.WithSignature(TransferFactory.HighSTwin(tx.Signature))));
        }
        Assert.Equal(4, verifier.CachedSignatureCount);
    }

    [Fact]
    public void The_key_cache_stays_within_its_capacity_and_answers_stay_right()
    {
        using var verifier = new SignatureVerifier(new SignatureVerifierOptions { KeyCacheCapacity = 2, SignatureCacheCapacity = 0 });
        var keys = Enumerable.Range(0, 6).Select(_ => KeyPair.Generate()).ToArray();
        try
        {
            for (var round = 0; round < 2; round++)
            {
                foreach (var key in keys)
                {
                    var tx = TransferFactory.Signed(key);
                    Assert.True(verifier.Verify(tx));
                    Assert.False(verifier.Verify(tx.WithSignature(TransferFactory.WithByteFlipped(tx.Signature, 40))));
                    Assert.InRange(verifier.CachedKeyCount, 1, 2);
                }
            }
            Assert.Equal(0, verifier.CachedSignatureCount);
        }
        finally
        {
            foreach (var key in keys) key.Dispose();
        }
    }

    [Fact]
    public void With_both_caches_off_every_check_is_still_right()
    {
        using var verifier = new SignatureVerifier(new SignatureVerifierOptions { KeyCacheCapacity = 0, SignatureCacheCapacity = 0 });
        var tx = TransferFactory.Signed(_alice);

        Assert.True(verifier.Verify(tx));
        Assert.True(verifier.Verify(tx));
        Assert.False(verifier.Verify(tx.WithSignature(TransferFactory.HighSTwin(tx.Signature))));
        Assert.Equal(0, verifier.CachedKeyCount);
        Assert.Equal(0, verifier.CachedSignatureCount);
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignatureVerifier(new SignatureVerifierOptions { SignatureCacheCapacity = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignatureVerifier(new SignatureVerifierOptions { KeyCacheCapacity = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignatureVerifier(new SignatureVerifierOptions { MaxDegreeOfParallelism = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignatureVerifier(new SignatureVerifierOptions { ParallelThreshold = 0 }));
    }
}
