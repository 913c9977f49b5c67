using BenchmarkDotNet.Attributes;
using GrainChain.Runtime;

namespace GrainChain.Benchmarks.Runtime;

/// <summary>
/// Local grain call throughput: 100 concurrent callers, each pinging its own grain in a loop, against the same
/// ping through a hand-written channel actor (baseline). Results are per call.
/// </summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private const int Callers = 100;
    private const int CallsPerCaller = 10_000;
    private const int TotalCalls = Callers * CallsPerCaller;

    private BenchmarkSilo _silo = null!;
    private IPingGrain[] _grains = null!;
    private ChannelPingActor[] _actors = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _silo = await BenchmarkSilo.StartAsync();
        var client = _silo.Client;
        _grains = Enumerable.Range(0, Callers).Select(i => client.GetGrain<IPingGrain>(i)).ToArray();
        _actors = Enumerable.Range(0, Callers).Select(_ => new ChannelPingActor()).ToArray();
        await Task.WhenAll(_grains.Select(g => g.PingAsync(0).AsTask()));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var actor in _actors)
        {
            actor.Stop();
        }
        await _silo.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = TotalCalls)]
    public Task ChannelActorPing() => Task.WhenAll(_actors.Select(async actor =>
    {
        for (int i = 0; i < CallsPerCaller; i++)
        {
            await actor.PingAsync(i).ConfigureAwait(false);
        }
    }));

    [Benchmark(OperationsPerInvoke = TotalCalls)]
    public Task GrainPingValueTask() => Task.WhenAll(_grains.Select(async grain =>
    {
        for (int i = 0; i < CallsPerCaller; i++)
        {
            await grain.PingAsync(i).ConfigureAwait(false);
        }
    }));

    [Benchmark(OperationsPerInvoke = TotalCalls)]
    public Task GrainPingTask() => Task.WhenAll(_grains.Select(async grain =>
    {
        for (int i = 0; i < CallsPerCaller; i++)
        {
            await grain.PingTaskAsync(i).ConfigureAwait(false);
        }
    }));
}
