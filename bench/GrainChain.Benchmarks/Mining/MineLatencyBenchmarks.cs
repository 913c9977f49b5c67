using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Mining.Sha256;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Benchmarks.Mining;

/// <summary>
/// The fixed cost of one <see cref="ProofOfWorkMiner.MineAsync(BlockTemplate, CancellationToken)"/> call, as the silo
/// runs the miner (one worker): at the test chain's bits a block is a few hashes away, so the call's own overhead is
/// what is measured. The two <c>InlineMiss</c> cases price what trying 4,096 nonces on the calling thread adds to a
/// search at real difficulty, where that attempt almost surely misses and the workers start anyway.
/// </summary>
[MemoryDiagnoser]
public class MineLatencyBenchmarks
{
    private const uint InlineNonces = 4096;
    private BlockTemplate _template = null!;
    private ProofOfWorkMiner _miner = null!;
    private HeaderMidstate _midstate = null!;
    private Hash256 _unreachable;

    [GlobalSetup]
    public void Setup()
    {
        var bits = ChainParams.Test.PowLimitBits;
        var coinbase = Transaction.CreateCoinbase(1, new Address(new byte[Address.Size]), new Amount(50), 1);
        var header = new BlockHeader(1, Hash256.Zero, coinbase.Id, 1_700_000_000, bits, 0);
        _template = new BlockTemplate(header, coinbase, ImmutableArray<Transaction>.Empty);
        _miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = 1 });
        _midstate = new HeaderMidstate(header);
        _unreachable = ProofOfWork.TargetAsHash(0x1800ffff);
    }

    [Benchmark(Baseline = true)]
    public Task<Block> TrivialBitsOneWorker() => _miner.MineAsync(_template, CancellationToken.None);

    [Benchmark]
    public bool InlineMissBestPath() =>
        NonceScanner.TryFind(_midstate, 0, InlineNonces, _unreachable, NonceScanner.Best, out _);

    [Benchmark]
    public bool InlineMissScalarPath() =>
        NonceScanner.TryFind(_midstate, 0, InlineNonces, _unreachable, NonceSearchPath.Scalar, out _);
}
