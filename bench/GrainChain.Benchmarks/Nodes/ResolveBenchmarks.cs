using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GrainChain.Abstractions.Nodes;

namespace GrainChain.Benchmarks.Nodes;

/// <summary>
/// <c>ResolveAsync</c> of a node against one peer, on a two-silo in-process cluster (memory backend, test chain):
/// peers on silo 0, resolving nodes on silo 1.
/// <para>
/// Run: <c>dotnet run -c Release --project bench/GrainChain.Benchmarks -- --filter '*ResolveBenchmarks*' --job short</c>
/// (one method: <c>--filter '*ResolveBenchmarks.CatchUp*'</c>).
/// </para>
/// <para>
/// <see cref="CatchUp"/>: a fresh node (genesis only) resolves against a peer <see cref="K"/> blocks ahead. Before each
/// iteration <see cref="Pairs"/> new peers mine <see cref="K"/> blocks each, so the blocks are new to silo 1 and every
/// one is fully validated (not found in the silo's shared block store), and a fresh node per peer adds it; the
/// measurement is the fresh nodes' resolves, one after another, each an operation: tip query, K/500 rounds of
/// <c>GetBlocksAfterAsync</c> with a block locator, validation and connection of each block, one archive put and
/// state write per round, and the closing announcement. The "Per block" column is the mean divided by K. Several
/// resolves per iteration keep a K = 100 iteration measurable (one takes a few milliseconds).
/// About 3 minutes on 2 cores, most of it spent mining the peers' chains in the iteration setups.
/// </para>
/// <para>
/// <see cref="AlreadyAuthoritative"/> (baseline): a node already at the peer's tip resolves again: one tip query to the
/// peer on the other silo, nothing to download, no write. It is what every resolve pays before it downloads.
/// <see cref="NoOpsPerIteration"/> of them, one after another, make one iteration.
/// </para>
/// <para>
/// Every benchmark runs one invocation per iteration (<c>[InvocationCount(1)]</c>, as <c>[IterationSetup]</c> forces on
/// <see cref="CatchUp"/>): BenchmarkDotNet computes ratios only between benchmarks of the same job.
/// </para>
/// <para>
/// Blocks are empty (coinbase only): no signature checks. Allocations are counted process-wide (both silos and the
/// client are in this process), background work of the silos included.
/// </para>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
[InvocationCount(1)]
public class ResolveBenchmarks
{
    /// <summary>No-op resolves per iteration: some 50-100 ms.</summary>
    private const int NoOpsPerIteration = 250;

    /// <summary>Fresh node and peer pairs per iteration.</summary>
    private const int Pairs = 4;

    private NodeBenchCluster _cluster = null!;
    private INodeGrain _authoritative = null!;
    private INodeGrain[] _fresh = [];

    /// <summary>How many blocks the peer is ahead.</summary>
    [Params(100, 1000)]
    public int K { get; set; }

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _cluster = await NodeBenchCluster.StartAsync();
        // The no-op case: a node that has resolved against a K-block peer once already.
        var peerName = _cluster.NewName("peer");
        var peer = await _cluster.CreateNodeAsync(peerName, _cluster.Home);
        await NodeBenchCluster.MineAsync(peer, K);
        _authoritative = await _cluster.CreateNodeAsync(_cluster.NewName("synced"), _cluster.Other);
        await NodeBenchCluster.FollowIdlePeerAsync(_authoritative, peerName);
        Check(await _authoritative.ResolveAsync(), K);
    }

    [IterationSetup(Target = nameof(CatchUp))]
    public void PrepareCatchUp() => PrepareCatchUpAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = NoOpsPerIteration, Description = "resolve, already authoritative (no-op)")]
    public async Task<long> AlreadyAuthoritative()
    {
        long height = 0;
        for (var i = 0; i < NoOpsPerIteration; i++)
        {
            var result = await _authoritative.ResolveAsync();
            if (result.Replaced || result.Connected != 0 || !result.PeerErrors.IsDefaultOrEmpty)
                throw new InvalidOperationException($"the no-op resolve did something: {result}");
            height += result.Height;
        }

        return height;
    }

    [Benchmark(OperationsPerInvoke = Pairs, Description = "resolve, fresh node, peer K blocks ahead")]
    public async Task<long> CatchUp()
    {
        long height = 0;
        foreach (var fresh in _fresh) height += Check(await fresh.ResolveAsync(), K).Height;
        return height;
    }

    [GlobalCleanup]
    public async Task GlobalCleanup() => await _cluster.DisposeAsync();

    private async Task PrepareCatchUpAsync()
    {
        // The peers mine concurrently: the setup, not the measurement, is the long part of this suite.
        _fresh = await Task.WhenAll(Enumerable.Range(0, Pairs).Select(async _ =>
        {
            var peerName = _cluster.NewName("peer");
            var peer = await _cluster.CreateNodeAsync(peerName, _cluster.Home);
            await NodeBenchCluster.MineAsync(peer, K);
            var fresh = await _cluster.CreateNodeAsync(_cluster.NewName("fresh"), _cluster.Other);
            await NodeBenchCluster.FollowIdlePeerAsync(fresh, peerName);
            return fresh;
        }));
    }

    private static ResolveResult Check(ResolveResult result, int blocks)
    {
        if (!result.Replaced || result.Connected != blocks || result.Height != blocks || !result.PeerErrors.IsDefaultOrEmpty)
            throw new InvalidOperationException(
                $"expected {blocks} blocks connected, got {result.Connected} (height {result.Height}, replaced {result.Replaced}, " +
                $"errors: {string.Join("; ", result.PeerErrors.Select(e => $"{e.Peer}: {e.Error}"))})");
        return result;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new PerBlockColumn(nameof(K), nameof(CatchUp)));
    }
}
