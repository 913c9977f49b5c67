using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Node;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Benchmarks.Nodes;

/// <summary>
/// Block acceptance through the node grain, per block, on a two-silo in-process cluster (memory backend, test chain).
/// <para>
/// Run: <c>dotnet run -c Release --project bench/GrainChain.Benchmarks -- --filter '*BlockAcceptanceBenchmarks*' --job short</c>
/// (one method: e.g. <c>--filter '*BlockAcceptanceBenchmarks.MineOne'</c>). About 4 minutes on 2 cores, most of it
/// spent mining the blocks each iteration's setup needs.
/// </para>
/// <para>
/// <see cref="AcceptBatchFromOtherSilo"/>: a node receives a batch of <see cref="Batch"/> valid blocks from a peer.
/// The grain API has no method that takes blocks, so this is the realistic path: before each iteration
/// <see cref="Pairs"/> new source nodes on silo 0 mine <see cref="Batch"/> blocks each, and a new receiver node on
/// silo 1 adds each source as its peer; the measurement is the receivers' <c>ResolveAsync</c>, one after another. One
/// resolve is one tip query, one <c>GetBlocksAfterAsync</c> of the whole batch (ChainSync's batch is 500), full
/// validation and connection of each block (context-free rules included: the blocks are new to silo 1), one archive
/// put, one state write and one announcement. Each operation is one block. Several pairs per iteration keep an
/// iteration near or above 100 ms (one 500-block resolve takes some 10-40 ms); the sources mine concurrently.
/// </para>
/// <para>
/// <see cref="AcceptBatchOnSameSilo"/>: the same with the receivers on the sources' silo: the silo's shared block store
/// already holds the blocks, so acceptance skips the context-free rules and the blocks do not cross silos.
/// </para>
/// <para>
/// <see cref="MineOne"/>: <c>MineAsync(1)</c> on one node on silo 0 that no node follows: block template, the
/// proof-of-work search on the silo's miner (one worker; trivial on the test chain, about two hashes), acceptance,
/// archive put, state write and announcement. The node's chain grows by one block per operation; block times are
/// raised past the median of the last 11, about one second per six blocks ahead of the clock, so a run may mine some
/// 40,000 blocks before they would fall outside the chain's two-hour future limit (a short job mines about a thousand).
/// </para>
/// <para>
/// Three references put MineOne in proportion: <see cref="MinerSearchOnly"/> is the ledger's
/// <c>ProofOfWorkMiner</c> configured as the silo's (one worker) on a test-chain template, outside Orleans;
/// <see cref="DedicatedThreadStart"/> is what that miner does per call besides hashing: start one
/// <c>TaskCreationOptions.LongRunning</c> task (a new thread) and await it; <see cref="TipRoundTrip"/> is one
/// <c>GetTipAsync</c> from the client to the miner node, the floor of any call.
/// </para>
/// <para>
/// The blocks are empty (coinbase only): MineAsync fills blocks from the mempool and the suite submits no transfers,
/// so signature checks are not in these figures. Allocations are counted process-wide: both silos and the client
/// run in this process, so the figure includes what the silos' background work (stream pulling agents polling every
/// 10 ms, membership) allocated during the iteration.
/// </para>
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class BlockAcceptanceBenchmarks
{
    /// <summary>One full download batch (ChainSync.BatchSize): a resolve takes it in one GetBlocksAfterAsync.</summary>
    private const int Batch = 500;

    /// <summary>Source and receiver pairs per iteration: 5,000 blocks, an iteration of some 100-200 ms.</summary>
    private const int Pairs = 10;

    private NodeBenchCluster _cluster = null!;
    private INodeGrain _miner = null!;
    private INodeGrain[] _receivers = [];
    private ProofOfWorkMiner _searchOnly = null!;
    private BlockTemplate _template = null!;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _cluster = await NodeBenchCluster.StartAsync();
        _miner = await _cluster.CreateNodeAsync(_cluster.NewName("miner"), _cluster.Home);
        // Activates the miner's archive, storage and stream before the first measurement.
        await NodeBenchCluster.MineAsync(_miner, 2);

        // As LedgerServices configures the silo's miner, on a template as the node builds it.
        _searchOnly = new ProofOfWorkMiner(new MinerOptions { WorkerCount = 1 });
        using var signatures = new SignatureVerifier();
        var node = new LedgerNode(ChainParams.Test, new InMemoryBlockStore(ChainParams.Test), signatures, TimeProvider.System);
        _template = node.CreateTemplate(NodeBenchCluster.Miner);
    }

    [IterationSetup(Target = nameof(AcceptBatchFromOtherSilo))]
    public void PrepareBatchesForOtherSilo() => PrepareBatchesAsync(onSameSilo: false).GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(AcceptBatchOnSameSilo))]
    public void PrepareBatchesForSameSilo() => PrepareBatchesAsync(onSameSilo: true).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Pairs * Batch, Baseline = true)]
    [BenchmarkCategory("accept (per block, 500-block batches)")]
    public Task<int> AcceptBatchFromOtherSilo() => ResolveAllAsync();

    [Benchmark(OperationsPerInvoke = Pairs * Batch)]
    [BenchmarkCategory("accept (per block, 500-block batches)")]
    public Task<int> AcceptBatchOnSameSilo() => ResolveAllAsync();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("mine (per block)")]
    public Task<IReadOnlyList<MinedBlock>> MineOne() => _miner.MineAsync(1);

    [Benchmark]
    [BenchmarkCategory("mine (per block)")]
    public Task<Ledger.Blocks.Block> MinerSearchOnly() => _searchOnly.MineAsync(_template, CancellationToken.None);

    [Benchmark]
    [BenchmarkCategory("mine (per block)")]
    public Task DedicatedThreadStart() =>
        Task.Factory.StartNew(static () => { }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    [Benchmark]
    [BenchmarkCategory("mine (per block)")]
    public Task<NodeAnnouncement> TipRoundTrip() => _miner.GetTipAsync();

    [GlobalCleanup]
    public async Task GlobalCleanup() => await _cluster.DisposeAsync();

    private async Task PrepareBatchesAsync(bool onSameSilo)
    {
        _receivers = await Task.WhenAll(Enumerable.Range(0, Pairs).Select(async _ =>
        {
            var sourceName = _cluster.NewName("source");
            var source = await _cluster.CreateNodeAsync(sourceName, _cluster.Home);
            await NodeBenchCluster.MineAsync(source, Batch);
            var receiver = await _cluster.CreateNodeAsync(_cluster.NewName("receiver"), onSameSilo ? _cluster.Home : _cluster.Other);
            await NodeBenchCluster.FollowIdlePeerAsync(receiver, sourceName);
            return receiver;
        }));
    }

    private async Task<int> ResolveAllAsync()
    {
        var connected = 0;
        foreach (var receiver in _receivers)
        {
            var result = await receiver.ResolveAsync();
            if (!result.Replaced || result.Connected != Batch || result.Height != Batch || !result.PeerErrors.IsDefaultOrEmpty)
                throw new InvalidOperationException(
                    $"expected {Batch} blocks connected, got {result.Connected} (height {result.Height}, replaced {result.Replaced}, " +
                    $"errors: {string.Join("; ", result.PeerErrors.Select(e => $"{e.Peer}: {e.Error}"))})");
            connected += result.Connected;
        }

        return connected;
    }
}
