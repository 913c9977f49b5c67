using GrainChain.Runtime;
using GrainChain.Runtime.Placement;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.State;

namespace GrainChain.Benchmarks.Cluster;

public interface IRemotePingGrain : IGrainWithIntegerKey
{
    ValueTask<int> PingAsync(int value);
}

/// <summary>
/// A trivial grain that stays where it was first called (prefer-local placement), so a benchmark can pin it on one
/// silo by calling it there first, and then measure calls to it from another silo.
/// </summary>
[PreferLocalPlacement]
public sealed class RemotePingGrain : Grain, IRemotePingGrain
{
    public ValueTask<int> PingAsync(int value) => new(value);
}

[GenerateSerializer]
public sealed class FailoverTallyState
{
    [Id(0)]
    public long Count { get; set; }
}

public interface IFailoverTallyGrain : IGrainWithIntegerKey
{
    /// <summary>Adds one, persists, returns the new count.</summary>
    Task<long> IncrementAsync();

    /// <summary>The silo this activation runs on.</summary>
    Task<string> WhereAsync();
}

/// <summary>A counter persisted on every increment in store "failover-store", which every silo shares.</summary>
public sealed class FailoverTallyGrain([PersistentState("tally", "failover-store")] IPersistentState<FailoverTallyState> tally)
    : Grain, IFailoverTallyGrain
{
    public async Task<long> IncrementAsync()
    {
        tally.State.Count++;
        await tally.WriteStateAsync();
        return tally.State.Count;
    }

    public Task<string> WhereAsync() => Task.FromResult(RuntimeIdentity);
}
