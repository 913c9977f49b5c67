using BenchmarkDotNet.Attributes;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.TransactionPool;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Benchmarks.TransactionPool;

/// <summary>
/// Template building from a full pool: 10,000 transfers from 1,000 senders (10 nonces each, random fees) into a
/// block of 1,000 transfers plus the coinbase. Also the selection alone, without coinbase and merkle root.
/// </summary>
[MemoryDiagnoser]
public class BlockTemplateBenchmarks
{
    private const int Senders = 1_000;
    private const int PerSender = 10;
    private const int BlockTransfers = 1_000;

    private FundedAccounts _accounts = null!;
    private SignatureVerifier _verifier = null!;
    private Mempool _pool = null!;
    private BlockTemplateBuilder _builder = null!;
    private ChainParams _chain = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _accounts = new FundedAccounts(Senders);
        _verifier = new SignatureVerifier();
        _pool = new Mempool(
            FundedAccounts.ChainId, new MempoolOptions { MaxPendingPerSender = PerSender }, _verifier, _accounts);
        foreach (var tx in _accounts.Transfers(PerSender))
            if (!_pool.Add(tx).IsAccepted) throw new InvalidOperationException("every benchmark transfer is admissible");
        _chain = new ChainParams
        {
            Name = "bench",
            ChainId = FundedAccounts.ChainId,
            PowLimitBits = 0x207fffff,
            TargetSpacingSeconds = 600,
            RetargetInterval = 2016,
            InitialReward = new Amount(50 * Amount.UnitsPerCoin),
            HalvingInterval = 210_000,
            MaxBlockTransactions = BlockTransfers + 1,
            GenesisHeader = new BlockHeader(1, Hash256.Zero, Hash256.Zero, 0, 0x207fffff, 0),
        };
        _builder = new BlockTemplateBuilder(_chain);
    }

    [Benchmark]
    public BlockTemplate BuildTemplate()
    {
        var template = _builder.Build(Hash256.Zero, 1, 0x207fffff, 1_700_000_000, _accounts.Keys[0].Address, _pool);
        if (template.Transactions.Length != BlockTransfers) throw new InvalidOperationException("the block should be full");
        return template;
    }

    [Benchmark]
    public int SelectOnly() => _pool.SelectForBlock(BlockTransfers, long.MaxValue).Count;

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _verifier.Dispose();
        _accounts.Dispose();
    }
}
