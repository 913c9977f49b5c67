using GrainChain.Abstractions.Nodes;
using GrainChain.Grains;
using GrainChain.Hosting;
using GrainChain.Ledger.Primitives;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;

namespace GrainChain.Benchmarks.Nodes;

/// <summary>
/// The two-silo in-process cluster the node suites run on: the ledger grains on the memory backend, as the grain
/// tests set them up, with every node placed on a chosen silo. Silo 0 (<see cref="Home"/>, the only gateway) holds
/// the nodes that mine and serve blocks; silo 1 (<see cref="Other"/>) holds the nodes that receive them, so the
/// blocks cross the silo boundary and, when they were mined for the measurement, are new to the receiving silo's
/// shared block store (full context-free validation: proof of work, merkle root, coinbase).
/// </summary>
internal sealed class NodeBenchCluster : IAsyncDisposable
{
    /// <summary>Where every benchmark node's coinbase goes; the suites never spend it.</summary>
    public static readonly Address Miner = new(Enumerable.Repeat((byte)0xB3, Address.Size).ToArray());

    /// <summary>Every node is on the trivial-difficulty test chain: about one hash in two meets its bits.</summary>
    public static readonly NodeSettings Settings = new("test", Miner);

    /// <summary>Long enough for a resolve of a few thousand blocks on a busy 2-core machine.</summary>
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromMinutes(3);

    /// <summary>MineAsync takes at most 1,000 blocks per call; 500 keeps each call's answer small.</summary>
    private const int MinePerCall = 500;

    private readonly InProcessTestCluster _cluster;
    private int _nextName;

    private NodeBenchCluster(InProcessTestCluster cluster) => _cluster = cluster;

    public IClusterClient Client => _cluster.Client;

    /// <summary>The gateway silo: mining and serving nodes live here.</summary>
    public SiloAddress Home => _cluster.Silos[0].SiloAddress;

    /// <summary>The second silo: receiving nodes live here.</summary>
    public SiloAddress Other => _cluster.Silos[1].SiloAddress;

    public static async Task<NodeBenchCluster> StartAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        // Log files would put disk writes into the measurement.
        builder.Options.ConfigureFileLogging = false;
        // One gateway: every client call takes the same path (client -> silo 0 -> the node's silo).
        builder.Options.GatewayPerSilo = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddGrainChainStorage(o => o.Backend = GrainChainBackend.Memory).AddGrainChainGrains();
            silo.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        });
        builder.ConfigureClient(client => client.Services.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new NodeBenchCluster(cluster);
    }

    /// <summary>A name no node of this cluster has had: acceptance is idempotent per node, so each measurement needs its own.</summary>
    public string NewName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _nextName)}";

    /// <summary>
    /// Creates a node on the test chain, activated on <paramref name="silo"/> by Orleans' placement hint (honoured by
    /// the built-in placement directors on the activating call); a node placed elsewhere fails the setup.
    /// </summary>
    public async Task<INodeGrain> CreateNodeAsync(string name, SiloAddress silo)
    {
        var node = Client.GetGrain<INodeGrain>(name);
        // RequestContext is async-local: set here, it does not leak into the caller's context.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            await node.CreateAsync(Settings);
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }

        var actual = await Client.GetGrain<IManagementGrain>(0).GetActivationAddress(node);
        if (actual is null || !actual.Equals(silo))
            throw new InvalidOperationException($"node '{name}' was placed on {actual?.ToString() ?? "no silo"}, not on {silo}");
        return node;
    }

    /// <summary>Mines <paramref name="blocks"/> blocks on <paramref name="node"/> and checks it reached that height.</summary>
    public static async Task MineAsync(INodeGrain node, int blocks)
    {
        var before = (await node.GetTipAsync()).Height;
        for (var mined = 0; mined < blocks; mined += MinePerCall)
            await node.MineAsync(Math.Min(MinePerCall, blocks - mined));
        var tip = await node.GetTipAsync();
        if (tip.Height != before + blocks)
            throw new InvalidOperationException($"node '{tip.Node}' is at height {tip.Height} after mining {blocks} blocks from {before}");
    }

    /// <summary>
    /// Makes <paramref name="peer"/> a peer of <paramref name="receiver"/> once the peer is idle, and checks that the
    /// receiver has not started downloading on its own: the peer's last announcements are given time to drain from the
    /// stream queues first (the pulling agents poll every 10 ms), so none reaches the new follower, and the measured
    /// resolve does all the work.
    /// </summary>
    public static async Task FollowIdlePeerAsync(INodeGrain receiver, string peer)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        var before = (await receiver.GetTipAsync()).Height;
        await receiver.AddPeerAsync(peer);
        await Task.Delay(TimeSpan.FromMilliseconds(50));
        var after = (await receiver.GetTipAsync()).Height;
        if (after != before)
            throw new InvalidOperationException($"the receiver moved from height {before} to {after} before the measurement: an announcement reached it");
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();
}
