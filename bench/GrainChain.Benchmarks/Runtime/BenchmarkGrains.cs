using GrainChain.Runtime;

namespace GrainChain.Benchmarks.Runtime;

public interface IPingGrain : IGrainWithIntegerKey
{
    ValueTask<int> PingAsync(int value);

    Task<int> PingTaskAsync(int value);
}

/// <summary>The smallest grain: answers at once, so a benchmark measures the runtime, not the grain.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public ValueTask<int> PingAsync(int value) => new(value);

    public Task<int> PingTaskAsync(int value) => Task.FromResult(value);
}
