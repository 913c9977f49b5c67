using BenchmarkDotNet.Attributes;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.State;
using GrainChain.Ledger.TransactionPool;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Benchmarks.TransactionPool;

/// <summary>
/// Following the chain: a 1,000-transfer block (the best of the pool) connects on top of a pool of 10,000
/// transfers from 1,000 senders; its transfers leave and every touched sender's sequence is re-checked.
/// </summary>
[MemoryDiagnoser]
public class MempoolBlockConnectBenchmarks
{
    private const int Senders = 1_000;
    private const int PerSender = 10;

    private FundedAccounts _accounts = null!;
    private Transaction[] _transfers = null!;
    private SignatureVerifier _verifier = null!;
    private Mempool _pool = null!;
    private Block _block = null!;
    private IAccountView _after = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _accounts = new FundedAccounts(Senders);
        _transfers = _accounts.Transfers(PerSender);
        _verifier = new SignatureVerifier();
        var pool = Fill();
        var selected = pool.SelectForBlock(1_000, long.MaxValue);
        var all = System.Collections.Immutable.ImmutableArray.Create(
            Transaction.CreateCoinbase(FundedAccounts.ChainId, _accounts.Keys[0].Address, new Amount(1), 1)).AddRange(selected);
        _block = new Block(new BlockHeader(1, Hash256.Zero, MerkleTree.ComputeRoot(all), 0, 0, 0), all);
        _after = new AccountsAfter(_accounts, selected);
    }

    [IterationSetup]
    public void IterationSetup() => _pool = Fill();

    [Benchmark]
    public int ConnectBlock()
    {
        _pool.OnBlockConnected(_block, _after);
        if (_pool.Count != Senders * PerSender - 1_000) throw new InvalidOperationException("the block's transfers should leave");
        return _pool.Count;
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _verifier.Dispose();
        _accounts.Dispose();
    }

    private Mempool Fill()
    {
        var pool = new Mempool(FundedAccounts.ChainId, new MempoolOptions { MaxPendingPerSender = PerSender }, _verifier, _accounts);
        foreach (var tx in _transfers)
            if (!pool.Add(tx).IsAccepted) throw new InvalidOperationException("every benchmark transfer is admissible");
        return pool;
    }

    /// <summary>The funded accounts after the block's transfers: nonces advanced, balances debited.</summary>
    private sealed class AccountsAfter : IAccountView
    {
        private readonly IAccountView _before;
        private readonly Dictionary<Address, (long Spent, ulong Count)> _changes = [];

        public AccountsAfter(IAccountView before, IEnumerable<Transaction> transfers)
        {
            _before = before;
            foreach (var tx in transfers)
            {
                var (spent, count) = _changes.GetValueOrDefault(tx.SenderAddress);
                _changes[tx.SenderAddress] = (spent + tx.Amount.Units + tx.Fee.Units, count + 1);
            }
        }

        public Amount BalanceOf(Address address) => new(_before.BalanceOf(address).Units - _changes.GetValueOrDefault(address).Spent);

        public ulong NextNonceOf(Address address) => _before.NextNonceOf(address) + _changes.GetValueOrDefault(address).Count;
    }
}
