using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Node;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Benchmarks.Nodes;

/// <summary>
/// Block acceptance by a node's chain grain, per block, on a two-silo in-process cluster (memory backend, test chain).
/// <para>
/// Run: <c>dotnet run -c Release --project bench/GrainChain.Benchmarks -- --filter '*BlockAcceptanceBenchmarks*' --job short</c>
/// (one method: e.g. <c>--filter '*BlockAcceptanceBenchmarks.SubmitNewBlocks'</c>). Most of the run is the iteration
/// setups mining the blocks each measurement needs.
/// </para>
/// <para>
/// Accept cases (one category, <see cref="SubmitNewBlocks"/> the baseline; every operation is one block, so Mean and
/// Allocated are per block). Each iteration's setup has fresh source nodes on silo 0, each with a miner address of its
/// own, mine a chain of <see cref="Batch"/> blocks from genesis, fetches each chain with <c>INodeGrain.GetChainAsync</c>
/// and creates a fresh target node on silo 1; the measurement submits each batch in one
/// <c>IChainGrain.SubmitBlocksAsync</c> call from the client to its target's chain grain, one after another. One such
/// call is: the batch's serialisation and the hop through the gateway (silo 0) to silo 1, validation and connection of
/// each block, one archive put of the batch, one state write and one announcement.
/// </para>
/// <list type="bullet">
/// <item><see cref="SubmitNewBlocks"/>: empty blocks (coinbase only), new to silo 1: every block goes through the
/// context-free rules (proof of work, merkle root, coinbase), the contextual rules and the state rules.</item>
/// <item><see cref="SubmitNewBlocksWithTransfers"/>: the same with <see cref="TransfersPerBlock"/> signed transfers in
/// every block but the first (which funds the sender: the source's miner is the transfers' key), so 4,990 signature
/// checks per batch, none of them known to silo 1's signature cache.</item>
/// <item><see cref="SubmitKnownBlocks"/> and <see cref="SubmitKnownBlocksWithTransfers"/>: the same batches, but the
/// setup has already submitted them to another fresh node on silo 1, so they are in the silo's shared block tree: the
/// target node only looks each one up and connects it to its own view (no rule, signature or account state is
/// computed again).</item>
/// <item><see cref="ResolveFromOtherSilo"/> and <see cref="ResolveOnSameSilo"/>: the same blocks taken by consensus
/// instead, as before the grain split: a fresh node's <c>IConsensusGrain.ResolveAsync([source])</c> (what
/// <c>INodeGrain.ResolveAsync</c> forwards to, minus the node grain's hop): tip query, headers, header check, one
/// <c>GetBlocksAfterAsync</c> of the whole batch from the source, then the same <c>SubmitBlocksAsync</c> between
/// grains. The resolving node's consensus and peer-link grains are activated on its silo in the setup, and the link
/// is never started (a started link catches up with the peer by itself). "Same silo": the resolving node is on silo 0
/// with the source, where the blocks are already in the tree and do not cross silos.</item>
/// </list>
/// <para>
/// <see cref="MineOne"/>: <c>MineAsync(1)</c> on one node on silo 0 that no node follows: block template, the
/// proof-of-work search on the silo's miner (one worker; trivial on the test chain, about two hashes), acceptance,
/// archive put, state write and announcement. The node's chain grows by one block per operation; block times are
/// raised past the median of the last 11, about one second per six blocks ahead of the clock, so a run may mine some
/// 40,000 blocks before they would fall outside the chain's two-hour future limit (a short job mines about a thousand).
/// Three references put it in proportion: <see cref="MinerSearchOnly"/> is the ledger's <c>ProofOfWorkMiner</c>
/// configured as the silo's (one worker) on a test-chain template, outside Orleans; <see cref="DedicatedThreadStart"/>
/// is what that miner does per call besides hashing: start one <c>TaskCreationOptions.LongRunning</c> task (a new
/// thread) and await it; <see cref="TipRoundTrip"/> is one <c>GetTipAsync</c> from the client to the miner node, the
/// floor of any call.
/// </para>
/// <para>
/// Allocations are counted process-wide: both silos and the client run in this process, so the figure includes the
/// client's serialisation and what the silos' background work (stream pulling agents polling every 10 ms, membership)
/// allocated during the iteration.
/// </para>
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class BlockAcceptanceBenchmarks
{
    /// <summary>One full download batch (ChainSync.BlocksPerRequest, the largest chain page).</summary>
    private const int Batch = 500;

    /// <summary>Batches of empty blocks per iteration: 2,000 blocks, an iteration of some 50-150 ms.</summary>
    private const int EmptyBatches = 4;

    /// <summary>Batches of blocks with transfers per iteration: one is some hundreds of milliseconds.</summary>
    private const int TransferBatches = 1;

    /// <summary>Signed transfers in every block of a transfer batch but its first.</summary>
    private const int TransfersPerBlock = 10;

    private const string Accept = "accept (per block, 500-block batches)";

    private NodeBenchCluster _cluster = null!;
    private INodeGrain _miner = null!;
    private ProofOfWorkMiner _searchOnly = null!;
    private BlockTemplate _template = null!;

    // What one iteration of a submit case submits: batch i to chain grain i.
    private IChainGrain[] _targets = [];
    private Block[][] _batches = [];

    // What one iteration of a resolve case resolves: consensus i against source i.
    private IConsensusGrain[] _resolvers = [];
    private string[] _sources = [];

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

    [IterationSetup(Target = nameof(SubmitNewBlocks))]
    public void PrepareNewBlocks() => PrepareSubmitAsync(EmptyBatches, 0, known: false).GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(SubmitNewBlocksWithTransfers))]
    public void PrepareNewBlocksWithTransfers() => PrepareSubmitAsync(TransferBatches, TransfersPerBlock, known: false).GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(SubmitKnownBlocks))]
    public void PrepareKnownBlocks() => PrepareSubmitAsync(EmptyBatches, 0, known: true).GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(SubmitKnownBlocksWithTransfers))]
    public void PrepareKnownBlocksWithTransfers() => PrepareSubmitAsync(TransferBatches, TransfersPerBlock, known: true).GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(ResolveFromOtherSilo))]
    public void PrepareResolveFromOtherSilo() => PrepareResolveAsync(onSameSilo: false).GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(ResolveOnSameSilo))]
    public void PrepareResolveOnSameSilo() => PrepareResolveAsync(onSameSilo: true).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = EmptyBatches * Batch, Baseline = true, Description = "submit, new to silo, 0 transfers/block")]
    [BenchmarkCategory(Accept)]
    public Task<int> SubmitNewBlocks() => SubmitAllAsync();

    [Benchmark(OperationsPerInvoke = TransferBatches * Batch, Description = "submit, new to silo, 10 transfers/block")]
    [BenchmarkCategory(Accept)]
    public Task<int> SubmitNewBlocksWithTransfers() => SubmitAllAsync();

    [Benchmark(OperationsPerInvoke = EmptyBatches * Batch, Description = "submit, 2nd node of silo, 0 transfers/block")]
    [BenchmarkCategory(Accept)]
    public Task<int> SubmitKnownBlocks() => SubmitAllAsync();

    [Benchmark(OperationsPerInvoke = TransferBatches * Batch, Description = "submit, 2nd node of silo, 10 transfers/block")]
    [BenchmarkCategory(Accept)]
    public Task<int> SubmitKnownBlocksWithTransfers() => SubmitAllAsync();

    [Benchmark(OperationsPerInvoke = EmptyBatches * Batch, Description = "resolve, from other silo, 0 transfers/block")]
    [BenchmarkCategory(Accept)]
    public Task<int> ResolveFromOtherSilo() => ResolveAllAsync();

    [Benchmark(OperationsPerInvoke = EmptyBatches * Batch, Description = "resolve, on source's silo, 0 transfers/block")]
    [BenchmarkCategory(Accept)]
    public Task<int> ResolveOnSameSilo() => ResolveAllAsync();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("mine (per block)")]
    public Task<IReadOnlyList<MinedBlock>> MineOne() => _miner.MineAsync(1);

    [Benchmark]
    [BenchmarkCategory("mine (per block)")]
    public Task<Block> MinerSearchOnly() => _searchOnly.MineAsync(_template, CancellationToken.None);

    [Benchmark]
    [BenchmarkCategory("mine (per block)")]
    public Task DedicatedThreadStart() =>
        Task.Factory.StartNew(static () => { }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    [Benchmark]
    [BenchmarkCategory("mine (per block)")]
    public Task<NodeAnnouncement> TipRoundTrip() => _miner.GetTipAsync();

    [GlobalCleanup]
    public async Task GlobalCleanup() => await _cluster.DisposeAsync();

    /// <summary>
    /// <paramref name="batches"/> sources on silo 0 mine their chains concurrently; each chain is fetched into the
    /// client and gets a fresh target node on silo 1 (and, when <paramref name="known"/>, is first submitted to
    /// another fresh node on silo 1, which puts it in the silo's tree).
    /// </summary>
    private async Task PrepareSubmitAsync(int batches, int transfersPerBlock, bool known)
    {
        var prepared = await Task.WhenAll(Enumerable.Range(0, batches).Select(async _ =>
        {
            var blocks = await MineSourceChainAsync(transfersPerBlock);
            if (known)
            {
                var first = await _cluster.CreateNodeAsync(_cluster.NewName("first"), _cluster.Other);
                NodeBenchCluster.CheckBatch(await _cluster.ChainOf(first).SubmitBlocksAsync(blocks.Blocks), Batch, Batch);
            }

            var target = await _cluster.CreateNodeAsync(_cluster.NewName("target"), _cluster.Other);
            return (Chain: _cluster.ChainOf(target), blocks.Blocks);
        }));
        _targets = [.. prepared.Select(p => p.Chain)];
        _batches = [.. prepared.Select(p => p.Blocks)];
    }

    /// <summary>
    /// <see cref="EmptyBatches"/> sources on silo 0 mine their chains concurrently; each gets a fresh node on silo 1
    /// (or, <paramref name="onSameSilo"/>, on silo 0) whose consensus will resolve against it.
    /// </summary>
    private async Task PrepareResolveAsync(bool onSameSilo)
    {
        var prepared = await Task.WhenAll(Enumerable.Range(0, EmptyBatches).Select(async _ =>
        {
            var source = await MineSourceChainAsync(0);
            var silo = onSameSilo ? _cluster.Home : _cluster.Other;
            var name = _cluster.NewName("resolver");
            await _cluster.CreateNodeAsync(name, silo);
            return (Consensus: await _cluster.PrepareResolverAsync(name, source.Name, silo), Source: source.Name);
        }));
        _resolvers = [.. prepared.Select(p => p.Consensus)];
        _sources = [.. prepared.Select(p => p.Source)];
    }

    /// <summary>A new node on silo 0 mines <see cref="Batch"/> blocks from genesis, returned as fetched from it.</summary>
    private async Task<(string Name, Block[] Blocks)> MineSourceChainAsync(int transfersPerBlock)
    {
        var name = _cluster.NewName("source");
        Block[] blocks;
        if (transfersPerBlock == 0)
        {
            var source = await _cluster.CreateNodeAsync(name, _cluster.Home, NodeBenchCluster.UniqueMinerSettings());
            await NodeBenchCluster.MineAsync(source, Batch);
            blocks = await NodeBenchCluster.FetchAsync(source, 1, Batch);
        }
        else
        {
            // The source mines to the transfers' key: the first block funds it, and the key is the miner's own.
            using var key = KeyPair.Generate();
            var source = await _cluster.CreateNodeAsync(name, _cluster.Home, NodeBenchCluster.Settings with { Miner = key.Address });
            await NodeBenchCluster.MineAsync(source, 1);
            await _cluster.MineWithTransfersAsync(source, key, Batch - 1, transfersPerBlock);
            blocks = await NodeBenchCluster.FetchAsync(source, 1, Batch);
        }

        if (blocks.Length != Batch || blocks[^1].Header.PreviousHash != blocks[^2].Hash)
            throw new InvalidOperationException($"fetched {blocks.Length} blocks from '{name}', not a chain of {Batch}");
        return (name, blocks);
    }

    private async Task<int> SubmitAllAsync()
    {
        var connected = 0;
        for (var i = 0; i < _targets.Length; i++)
            connected += NodeBenchCluster.CheckBatch(await _targets[i].SubmitBlocksAsync(_batches[i]), Batch, Batch).Connected;
        return connected;
    }

    private async Task<int> ResolveAllAsync()
    {
        var connected = 0;
        for (var i = 0; i < _resolvers.Length; i++)
            connected += NodeBenchCluster.CheckResolve(await _resolvers[i].ResolveAsync([_sources[i]]), Batch).Connected;
        return connected;
    }
}
