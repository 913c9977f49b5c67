using BenchmarkDotNet.Attributes;

namespace GrainChain.Benchmarks.Cluster;

/// <summary>
/// Issue #4's throughput figure: grain calls from silo A to grains pinned on silo B over loopback TCP, with
/// <see cref="Window"/> calls in flight, against the same calls made on silo B itself (baseline, no messaging).
/// Results are per call; the ratio is what to compare on a shared machine.
/// </summary>
[MemoryDiagnoser]
public class CrossSiloCallBenchmarks
{
    private const int Calls = 200_000;
    private const int Grains = 100;

    private TwoSiloCluster _cluster = null!;

    /// <summary>Callers at once, each with one call in flight.</summary>
    [Params(1000)]
    public int Window { get; set; }

    [GlobalSetup]
    public async Task SetupAsync() => _cluster = await TwoSiloCluster.StartAsync(Grains);

    [GlobalCleanup]
    public async Task CleanupAsync() => await _cluster.DisposeAsync();

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public Task LocalCalls() => TwoSiloCluster.RunWindowAsync(_cluster.Local, Window, Calls);

    [Benchmark(OperationsPerInvoke = Calls)]
    public Task CrossSiloCalls() => TwoSiloCluster.RunWindowAsync(_cluster.Remote, Window, Calls);
}
