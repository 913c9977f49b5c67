using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;

namespace GrainChain.Benchmarks.Calls;

/// <summary>
/// Orleans grain-call cost on a two-silo in-process cluster: cluster client to grain, grain to grain on the same
/// silo, and grain to grain across silos, each one call at a time and with <see cref="InFlight"/> calls outstanding.
/// Each operation is one call; Op/s is calls per second. The silos talk over TestingHost's in-memory transport, so
/// a remote call pays for serialization and the messaging pipeline but not for a kernel socket.
/// </summary>
[MemoryDiagnoser]
[OperationsPerSecond]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class GrainCallBenchmarks
{
    private const int Calls = 1_000;
    private const int InFlight = 100;

    private const long ClientTargetKey = 1;
    private const long LocalTargetKey = 2;
    private const long RemoteTargetKey = 3;
    private const long CallerKey = 4;

    private InProcessTestCluster _cluster = null!;
    private IPingGrain _clientTarget = null!;
    private ICallerGrain _caller = null!;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        var builder = new InProcessTestClusterBuilder(2);
        // Log files would put disk writes into the measurement.
        builder.Options.ConfigureFileLogging = false;
        // Only the first silo is a gateway. Otherwise the client picks a gateway per grain by hash, and a call could
        // be forwarded by a second silo; with one gateway the client's target is placed on it and every client call
        // is exactly client -> gateway silo -> activation.
        builder.Options.GatewayPerSilo = false;
        _cluster = builder.Build();
        await _cluster.DeployAsync();

        var home = _cluster.Silos[0].SiloAddress;
        var other = _cluster.Silos[1].SiloAddress;
        var client = _cluster.Client;

        // Placement is made deterministic with Orleans' placement hint: a SiloAddress stored in the request context
        // under IPlacementDirector.PlacementHintKey is honoured by the built-in placement directors when the call
        // activates the grain. Each grain is activated by a call carrying the hint, and that call returns the silo
        // the activation landed on, so a misplaced grain fails the setup instead of skewing the figures. Once a grain
        // is active the hint is irrelevant (the directory answers), and it is removed so later calls do not carry it.
        _clientTarget = client.GetGrain<IPingGrain>(ClientTargetKey);
        _caller = client.GetGrain<ICallerGrain>(CallerKey);
        await Place("client target", _clientTarget.GetSilo, home);
        await Place("caller", _caller.GetSilo, home);
        await Place("local target", client.GetGrain<IPingGrain>(LocalTargetKey).GetSilo, home);
        await Place("remote target", client.GetGrain<IPingGrain>(RemoteTargetKey).GetSilo, other);

        // One pass of each pattern warms the caller's directory cache and the silo-to-silo connection, and checks
        // that every call completes.
        Check(await ClientSequential());
        Check(await ClientConcurrent());
        Check(await LocalSequential());
        Check(await LocalConcurrent());
        Check(await CrossSiloSequential());
        Check(await CrossSiloConcurrent());
    }

    // The grain-to-grain figures include one client call to the caller per batch: about 1/Calls of a client call
    // on each grain call, small against the thousand calls it starts.

    [Benchmark(OperationsPerInvoke = Calls)]
    [BenchmarkCategory("Sequential")]
    public Task<int> ClientSequential() => PingBatch.Sequential(_clientTarget, Calls);

    [Benchmark(OperationsPerInvoke = Calls, Baseline = true)]
    [BenchmarkCategory("Sequential")]
    public Task<int> LocalSequential() => _caller.PingSequential(LocalTargetKey, Calls);

    [Benchmark(OperationsPerInvoke = Calls)]
    [BenchmarkCategory("Sequential")]
    public Task<int> CrossSiloSequential() => _caller.PingSequential(RemoteTargetKey, Calls);

    [Benchmark(OperationsPerInvoke = Calls)]
    [BenchmarkCategory("Concurrent")]
    public Task<int> ClientConcurrent() => PingBatch.Concurrent(_clientTarget, Calls, InFlight);

    [Benchmark(OperationsPerInvoke = Calls, Baseline = true)]
    [BenchmarkCategory("Concurrent")]
    public Task<int> LocalConcurrent() => _caller.PingConcurrent(LocalTargetKey, Calls, InFlight);

    [Benchmark(OperationsPerInvoke = Calls)]
    [BenchmarkCategory("Concurrent")]
    public Task<int> CrossSiloConcurrent() => _caller.PingConcurrent(RemoteTargetKey, Calls, InFlight);

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        await _cluster.DisposeAsync();
    }

    private static async Task Place(string grain, Func<Task<SiloAddress>> activate, SiloAddress silo)
    {
        // RequestContext is async-local: set here, it does not leak into the caller's context.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        SiloAddress actual;
        try
        {
            actual = await activate();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
        if (!actual.Equals(silo))
            throw new InvalidOperationException($"the {grain} grain was placed on {actual}, not on {silo}");
    }

    private static void Check(int completed)
    {
        if (completed != Calls)
            throw new InvalidOperationException($"{completed} of {Calls} pings completed");
    }
}
