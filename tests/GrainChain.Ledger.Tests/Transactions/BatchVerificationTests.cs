using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Transactions;

public sealed class BatchVerificationTests : IDisposable
{
    private readonly KeyPair[] _senders = Enumerable.Range(0, 4).Select(_ => KeyPair.Generate()).ToArray();

    public void Dispose()
    {
        foreach (var key in _senders) key.Dispose();
    }

    private static SignatureVerifier ParallelVerifier(int signatureCache = 0) => new(new SignatureVerifierOptions
    {
        MaxDegreeOfParallelism = 4,
        ParallelThreshold = 2,
        SignatureCacheCapacity = signatureCache,
    });

    private Transaction[] Batch(int count)
    {
        var batch = new Transaction[count];
        batch[0] = Transaction.CreateCoinbase(TransferFactory.ChainId, _senders[0].Address, new Amount(50), height: 3);
        for (var i = 1; i < count; i++) batch[i] = TransferFactory.Signed(_senders[i % _senders.Length], nonce: (ulong)i);
        return batch;
    }

    private static Transaction Broken(Transaction tx) => tx.WithSignature(TransferFactory.WithByteFlipped(tx.Signature, 10));

    [Fact]
    public void A_valid_batch_verifies_in_parallel()
    {
        using var verifier = ParallelVerifier();
        var batch = Batch(97);

        Assert.True(verifier.VerifyAll(batch));
        Assert.Equal(-1, verifier.FindFirstInvalid(batch));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(96)]
    public void One_bad_transfer_anywhere_fails_the_batch_and_is_found(int badIndex)
    {
        using var verifier = ParallelVerifier();
        var batch = Batch(97);
        batch[badIndex] = Broken(batch[badIndex]);

        Assert.False(verifier.VerifyAll(batch));
        Assert.Equal(badIndex, verifier.FindFirstInvalid(batch));
    }

    [Fact]
    public void With_several_bad_transfers_the_lowest_index_is_reported()
    {
        using var verifier = ParallelVerifier();
        var batch = Batch(200);
        foreach (var i in new[] { 180, 33, 120, 34 }) batch[i] = Broken(batch[i]);

        for (var round = 0; round < 5; round++) Assert.Equal(33, verifier.FindFirstInvalid(batch));
    }

    [Fact]
    public void Parallel_and_sequential_verifiers_agree_on_mixed_batches()
    {
        using var parallel = ParallelVerifier(signatureCache: 1_000);
        using var sequential = new SignatureVerifier(new SignatureVerifierOptions { MaxDegreeOfParallelism = 1 });
        var random = new Random(1234);
        for (var round = 0; round < 4; round++)
        {
            var batch = Batch(64);
            for (var i = 1; i < batch.Length; i++)
                if (random.Next(40) == 0) batch[i] = Broken(batch[i]);

            Assert.Equal(sequential.FindFirstInvalid(batch), parallel.FindFirstInvalid(batch));
            Assert.Equal(sequential.FindFirstInvalid(batch), parallel.FindFirstInvalid(batch)); // now from the caches
        }
    }

    [Fact]
    public void A_null_entry_is_invalid_rather_than_an_exception()
    {
        using var verifier = ParallelVerifier();
        var batch = Batch(20);
        batch[7] = null!;

        Assert.Equal(7, verifier.FindFirstInvalid(batch));
    }

    [Fact]
    public void A_cancelled_batch_stops_with_OperationCanceledException()
    {
        using var verifier = ParallelVerifier();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => verifier.VerifyAll(Batch(50), cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => verifier.VerifyAll(Batch(1), cancelled.Token));
    }

    [Fact]
    public void Many_threads_checking_one_key_at_once_get_the_right_answers()
    {
        using var verifier = new SignatureVerifier(new SignatureVerifierOptions { SignatureCacheCapacity = 0, MaxDegreeOfParallelism = 2 });
        var good = TransferFactory.Signed(_senders[0]);
        var bad = Broken(good);
        var wrong = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var expectValid = i % 3 != 0;
            if (verifier.Verify(expectValid ? good : bad) != expectValid) Interlocked.Increment(ref wrong);
        });

        Assert.Equal(0, wrong);
        Assert.Equal(1, verifier.CachedKeyCount);
    }
}
