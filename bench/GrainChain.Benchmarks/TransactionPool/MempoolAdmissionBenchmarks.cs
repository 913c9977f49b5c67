using BenchmarkDotNet.Attributes;
using GrainChain.Ledger.TransactionPool;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Benchmarks.TransactionPool;

/// <summary>
/// Admission rate: 2,000 transfers (1,000 senders, 2 nonces each) into an empty pool. "Warm": the node's verifier
/// already checked these very transactions (signature cache hits). "KeysOnly": it has seen the senders before but
/// not these transactions (an ECDSA verification with an imported key). "Cold": a fresh verifier, so every
/// admission also imports its sender's key.
/// </summary>
[MemoryDiagnoser]
public class MempoolAdmissionBenchmarks
{
    private const int Senders = 1_000;
    private const int PerSender = 2;

    private FundedAccounts _accounts = null!;
    private Transaction[] _transfers = null!;
    private Transaction[] _keyWarmers = null!;
    private SignatureVerifier _warm = null!;
    private SignatureVerifier? _fresh;
    private Mempool _pool = null!;

    [Params("Warm", "KeysOnly", "Cold")]
    public string SignatureCache { get; set; } = "Warm";

    [GlobalSetup]
    public void GlobalSetup()
    {
        _accounts = new FundedAccounts(Senders);
        _transfers = _accounts.Transfers(PerSender);
        _keyWarmers = _accounts.Transfers(1, seed: 99, amount: 2_000);
        _warm = new SignatureVerifier();
        if (!_warm.VerifyAll(_transfers)) throw new InvalidOperationException("benchmark transfers must verify");
    }

    [IterationSetup]
    public void IterationSetup()
    {
        _fresh?.Dispose();
        _fresh = null;
        if (SignatureCache != "Warm")
        {
            _fresh = new SignatureVerifier();
            // Other transfers by the same senders warm the key cache but not the signature cache.
            if (SignatureCache == "KeysOnly" && !_fresh.VerifyAll(_keyWarmers))
                throw new InvalidOperationException("benchmark transfers must verify");
        }
        _pool = new Mempool(FundedAccounts.ChainId, new MempoolOptions(), _fresh ?? _warm, _accounts);
    }

    [Benchmark(OperationsPerInvoke = Senders * PerSender)]
    public int Admit()
    {
        foreach (var tx in _transfers)
            if (_pool.Add(tx).Outcome != MempoolAdmissionOutcome.Added)
                throw new InvalidOperationException("every benchmark transfer is admissible");
        return _pool.Count;
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _fresh?.Dispose();
        _warm.Dispose();
        _accounts.Dispose();
    }
}
