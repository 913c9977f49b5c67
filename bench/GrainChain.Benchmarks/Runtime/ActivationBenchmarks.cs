using BenchmarkDotNet.Attributes;
using GrainChain.Runtime;

namespace GrainChain.Benchmarks.Runtime;

/// <summary>
/// Activating 100,000 grains (first call to each) in a fresh silo, and the memory an idle activation keeps
/// (printed per iteration as "retained bytes per activation").
/// </summary>
[MemoryDiagnoser]
public class ActivationBenchmarks
{
    private const int Grains = 100_000;
    private BenchmarkSilo _silo = null!;
    private IClusterClient _client = null!;

    [IterationSetup]
    public void Setup()
    {
        _silo = BenchmarkSilo.StartAsync().GetAwaiter().GetResult();
        _client = _silo.Client;
        _client.GetGrain<IPingGrain>(-1).PingAsync(0).AsTask().GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task Activate100kGrains()
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var calls = new Task[Environment.ProcessorCount * 4];
        for (int lane = 0; lane < calls.Length; lane++)
        {
            int start = lane;
            calls[lane] = Task.Run(async () =>
            {
                for (int key = start; key < Grains; key += calls.Length)
                {
                    await _client.GetGrain<IPingGrain>(key).PingAsync(key).ConfigureAwait(false);
                }
            });
        }
        await Task.WhenAll(calls).ConfigureAwait(false);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// retained bytes per activation: {(after - before) / Grains}");
    }
}
