using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Benchmarks.Mining;

/// <summary>
/// Nonce trials per second of the whole miner on every core: claims, extra-nonce rollovers and worker
/// coordination included. Each operation is one trial; the bits are unreachable, and the run is cut off when the
/// search begins extra-nonce <see cref="Rounds"/>, by which point Rounds × 2^20 nonces have been claimed.
/// </summary>
public class MinerThroughputBenchmarks
{
    private const int Rounds = 16;
    private const ulong NoncesPerRound = 1UL << 20;
    private BlockTemplate _template = null!;
    private ProofOfWorkMiner _miner = null!;

    [GlobalSetup]
    public void Setup()
    {
        var coinbase = Transaction.CreateCoinbase(1, new Address(new byte[Address.Size]), new Amount(50), 1);
        var header = new BlockHeader(1, Hash256.Zero, coinbase.Id, 1_700_000_000, 0x1800ffff, 0);
        _template = new BlockTemplate(header, coinbase, ImmutableArray<Transaction>.Empty);
        _miner = new ProofOfWorkMiner(new MinerOptions { NoncesPerExtraNonce = NoncesPerRound });
    }

    [Benchmark(OperationsPerInvoke = (int)(Rounds * NoncesPerRound))]
    public async Task AllCores()
    {
        using var stop = new CancellationTokenSource();
        var progress = new CutOff(stop);
        try
        {
            await _miner.MineAsync(_template, progress, stop.Token);
            throw new InvalidOperationException("the benchmark's bits should be unreachable");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private sealed class CutOff(CancellationTokenSource stop) : IProgress<MiningProgress>
    {
        public void Report(MiningProgress value)
        {
            if (value.ExtraNonce >= Rounds) stop.Cancel();
        }
    }
}
