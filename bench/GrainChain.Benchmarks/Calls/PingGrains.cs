using Orleans;
using Orleans.Runtime;

namespace GrainChain.Benchmarks.Calls;

/// <summary>The callee of every grain-call benchmark: a ping that does no work, so a call costs only the runtime.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    /// <summary>Returns 1, so a batch's sum proves every call completed.</summary>
    Task<int> Ping();

    /// <summary>The silo this activation lives on, so the benchmark can check placement before measuring.</summary>
    Task<SiloAddress> GetSilo();
}

/// <summary>A grain that pings another grain in batches, for the grain-to-grain (local and cross-silo) figures.</summary>
public interface ICallerGrain : IGrainWithIntegerKey
{
    Task<SiloAddress> GetSilo();

    /// <summary>Pings <paramref name="target"/> <paramref name="calls"/> times, one call at a time.</summary>
    Task<int> PingSequential(long target, int calls);

    /// <summary>Pings <paramref name="target"/> <paramref name="calls"/> times with <paramref name="inFlight"/> calls outstanding.</summary>
    Task<int> PingConcurrent(long target, int calls, int inFlight);
}

/// <summary>Implements <see cref="IPingGrain"/>.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> Ping() => Task.FromResult(1);

    public Task<SiloAddress> GetSilo() => Task.FromResult(GrainContext.Address.SiloAddress!);
}

/// <summary>Implements <see cref="ICallerGrain"/>.</summary>
public sealed class CallerGrain : Grain, ICallerGrain
{
    public Task<SiloAddress> GetSilo() => Task.FromResult(GrainContext.Address.SiloAddress!);

    public Task<int> PingSequential(long target, int calls) =>
        PingBatch.Sequential(GrainFactory.GetGrain<IPingGrain>(target), calls);

    public Task<int> PingConcurrent(long target, int calls, int inFlight) =>
        PingBatch.Concurrent(GrainFactory.GetGrain<IPingGrain>(target), calls, inFlight);
}

/// <summary>The two call patterns, shared by the cluster client and <see cref="CallerGrain"/> so both measure the same loop.</summary>
public static class PingBatch
{
    public static async Task<int> Sequential(IPingGrain target, int calls)
    {
        var sum = 0;
        for (var i = 0; i < calls; i++) sum += await target.Ping();
        return sum;
    }

    /// <summary>
    /// <paramref name="inFlight"/> workers, each making its share of the calls one after another, keep that many
    /// calls outstanding until the tail. Rounds of Task.WhenAll over fresh batches would drain to zero between
    /// rounds and understate throughput.
    /// </summary>
    public static async Task<int> Concurrent(IPingGrain target, int calls, int inFlight)
    {
        if (inFlight <= 0 || calls % inFlight != 0)
            throw new ArgumentException($"{calls} calls do not split evenly over {inFlight} workers", nameof(inFlight));
        var workers = new Task<int>[inFlight];
        for (var w = 0; w < inFlight; w++) workers[w] = Sequential(target, calls / inFlight);
        var sums = await Task.WhenAll(workers);
        return sums.Sum();
    }
}
