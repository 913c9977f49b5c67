using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GrainChain.Abstractions.Nodes;

namespace GrainChain.Benchmarks.Nodes;

/// <summary>
/// A node's resolve against one peer, on a two-silo in-process cluster (memory backend, test chain): peers on silo 0,
/// resolving nodes on silo 1. The resolve is the node's <c>IConsensusGrain.ResolveAsync([peer])</c>, what
/// <c>INodeGrain.ResolveAsync</c> forwards to (minus the node grain's hop): the node never adds the peer, because a
/// started peer link catches up with its peer by itself, which would download the chain before the measurement. The
/// setup activates the resolving node's consensus and link grains on silo 1 without starting the link.
/// <para>
/// Run: <c>dotnet run -c Release --project bench/GrainChain.Benchmarks -- --filter '*ResolveBenchmarks*' --job short</c>
/// (one method: <c>--filter '*ResolveBenchmarks.CatchUp*'</c>).
/// </para>
/// <para>
/// <see cref="CatchUp"/>: a fresh node (genesis only) resolves against a peer <see cref="K"/> blocks ahead. Before each
/// iteration <see cref="Pairs"/> new peers mine <see cref="K"/> blocks each, so the blocks are new to silo 1 and every
/// one is fully validated (not found in the silo's shared block tree); the measurement is the fresh nodes' resolves
/// against their peers, one after another, each an operation: tip query, headers and their check, K/500 rounds of
/// <c>GetBlocksAfterAsync</c>, validation and connection of each block, one archive put and state write per round,
/// and the closing announcement. The "Per block" column is the mean divided by K. Several
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
    private IConsensusGrain _authoritative = null!;
    private string[] _authoritativePeer = [];
    private IConsensusGrain[] _fresh = [];
    private string[][] _freshPeers = [];

    /// <summary>How many blocks the peer is ahead.</summary>
    [Params(100, 1000)]
    public int K { get; set; }

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _cluster = await NodeBenchCluster.StartAsync();
        // The no-op case: a node that has resolved against a K-block peer once already.
        var peerName = _cluster.NewName("peer");
        var peer = await _cluster.CreateNodeAsync(peerName, _cluster.Home, NodeBenchCluster.UniqueMinerSettings());
        await NodeBenchCluster.MineAsync(peer, K);
        var syncedName = _cluster.NewName("synced");
        await _cluster.CreateNodeAsync(syncedName, _cluster.Other);
        _authoritative = await _cluster.PrepareResolverAsync(syncedName, peerName, _cluster.Other);
        _authoritativePeer = [peerName];
        NodeBenchCluster.CheckResolve(await _authoritative.ResolveAsync(_authoritativePeer), K);
    }

    [IterationSetup(Target = nameof(CatchUp))]
    public void PrepareCatchUp() => PrepareCatchUpAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = NoOpsPerIteration, Description = "resolve, already authoritative (no-op)")]
    public async Task<long> AlreadyAuthoritative()
    {
        long height = 0;
        for (var i = 0; i < NoOpsPerIteration; i++)
        {
            var result = await _authoritative.ResolveAsync(_authoritativePeer);
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
        for (var i = 0; i < _fresh.Length; i++) height += NodeBenchCluster.CheckResolve(await _fresh[i].ResolveAsync(_freshPeers[i]), K).Height;
        return height;
    }

    [GlobalCleanup]
    public async Task GlobalCleanup() => await _cluster.DisposeAsync();

    private async Task PrepareCatchUpAsync()
    {
        // The peers mine concurrently: the setup, not the measurement, is the long part of this suite. Each peer has a
        // miner of its own, or peers mining from genesis in the same second could find the same blocks.
        var prepared = await Task.WhenAll(Enumerable.Range(0, Pairs).Select(async _ =>
        {
            var peerName = _cluster.NewName("peer");
            var peer = await _cluster.CreateNodeAsync(peerName, _cluster.Home, NodeBenchCluster.UniqueMinerSettings());
            await NodeBenchCluster.MineAsync(peer, K);
            var freshName = _cluster.NewName("fresh");
            await _cluster.CreateNodeAsync(freshName, _cluster.Other);
            return (Consensus: await _cluster.PrepareResolverAsync(freshName, peerName, _cluster.Other), Peer: peerName);
        }));
        _fresh = [.. prepared.Select(p => p.Consensus)];
        _freshPeers = [.. prepared.Select(p => (string[])[p.Peer])];
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new PerBlockColumn(nameof(K), nameof(CatchUp)));
    }
}
