using BenchmarkDotNet.Attributes;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Benchmarks.Transactions;

/// <summary>
/// Signature figures per transaction: bare single-core ECDSA verify (keys imported), a 1,000-transaction
/// VerifyAll on one core and on all cores (the ratio is the parallel speed-up), re-checks answered by the
/// signature cache, verifies with a cold key cache, and signing.
/// </summary>
[MemoryDiagnoser]
public class SignatureVerificationBenchmarks
{
    private const int BatchSize = 1_000;
    private const int Senders = 50;

    private KeyPair[] _keys = [];
    private Transaction[] _batch = [];
    private Transaction _unsigned = null!;
    private SignatureVerifier _singleCore = null!;
    private SignatureVerifier _allCores = null!;
    private SignatureVerifier _cached = null!;
    private SignatureVerifier _noKeyCache = null!;

    [GlobalSetup]
    public void Setup()
    {
        _keys = Enumerable.Range(0, Senders).Select(_ => KeyPair.Generate()).ToArray();
        var recipient = KeyPair.Generate().Address;
        _batch = new Transaction[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            var key = _keys[i % Senders];
            var transfer = Transaction.CreateTransfer(1, key.PublicKey, recipient, new Amount(1_000 + i), new Amount(10), (ulong)(i / Senders));
            _batch[i] = TransactionSigner.Sign(transfer, key);
        }
        _unsigned = Transaction.CreateTransfer(1, _keys[0].PublicKey, recipient, new Amount(5), new Amount(1), 0);

        // Signature caches off where the ECDSA cost itself is measured; key caches warmed as in a running node.
        _singleCore = new SignatureVerifier(new SignatureVerifierOptions { SignatureCacheCapacity = 0, MaxDegreeOfParallelism = 1 });
        _allCores = new SignatureVerifier(new SignatureVerifierOptions { SignatureCacheCapacity = 0 });
        _cached = new SignatureVerifier();
        _noKeyCache = new SignatureVerifier(new SignatureVerifierOptions { SignatureCacheCapacity = 0, KeyCacheCapacity = 0, MaxDegreeOfParallelism = 1 });
        if (!_singleCore.VerifyAll(_batch) || !_allCores.VerifyAll(_batch) || !_cached.VerifyAll(_batch))
            throw new InvalidOperationException("the benchmark batch does not verify");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _singleCore.Dispose();
        _allCores.Dispose();
        _cached.Dispose();
        _noKeyCache.Dispose();
        foreach (var key in _keys) key.Dispose();
    }

    /// <summary>One verify after another on the calling thread, keys imported: the single-core ECDSA rate.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = BatchSize)]
    public bool VerifySingleCore()
    {
        var all = true;
        foreach (var tx in _batch) all &= _singleCore.Verify(tx);
        return all;
    }

    /// <summary>The same 1,000 transactions through VerifyAll on every core.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public bool VerifyAllAllCores() => _allCores.VerifyAll(_batch);

    /// <summary>Re-checking transactions already verified: a signature-cache lookup each.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public bool CachedRecheck()
    {
        var all = true;
        foreach (var tx in _batch) all &= _cached.Verify(tx);
        return all;
    }

    /// <summary>A verify whose key is not cached: decompress, import, verify.</summary>
    [Benchmark(OperationsPerInvoke = 50)]
    public bool VerifyColdKey()
    {
        var all = true;
        for (var i = 0; i < 50; i++) all &= _noKeyCache.Verify(_batch[i]);
        return all;
    }

    /// <summary>Signing a transfer (ECDSA sign plus low-S normalisation).</summary>
    [Benchmark(OperationsPerInvoke = 100)]
    public Signature Sign()
    {
        var signature = default(Signature);
        for (var i = 0; i < 100; i++) signature = _keys[0].SignHash(_unsigned.SigningHash);
        return signature;
    }
}
