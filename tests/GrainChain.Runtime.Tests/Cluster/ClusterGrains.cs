using GrainChain.Runtime.Placement;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.State;

namespace GrainChain.Runtime.Tests.Cluster;

[GenerateSerializer]
public sealed record Parcel([property: Id(0)] string Label, [property: Id(1)] List<int> Items, [property: Id(2)] Dictionary<string, string> Tags);

public interface ILocatorGrain : IGrainWithStringKey
{
    /// <summary>The silo this activation runs on.</summary>
    Task<string> WhereAsync();

    /// <summary>Asks another locator grain where it runs (a grain-to-grain call that may cross silos).</summary>
    Task<string> AskAsync(string otherKey);

    Task<Parcel> ReturnAsync(Parcel parcel);

    Task FailAsync(string message);

    ValueTask<int> AddAsync(int a, int b);
}

public sealed class LocatorGrain : Grain, ILocatorGrain
{
    public Task<string> WhereAsync() => Task.FromResult(RuntimeIdentity);

    public Task<string> AskAsync(string otherKey) => GrainFactory.GetGrain<ILocatorGrain>(otherKey).WhereAsync();

    public Task<Parcel> ReturnAsync(Parcel parcel) =>
        Task.FromResult(parcel with { Label = parcel.Label + " via " + RuntimeIdentity, Items = [.. parcel.Items, parcel.Items.Count] });

    public Task FailAsync(string message) => throw new InvalidOperationException(message);

    public ValueTask<int> AddAsync(int a, int b) => new(a + b);
}

public interface ILocalLocatorGrain : IGrainWithStringKey
{
    Task<string> WhereAsync();
}

[PreferLocalPlacement]
public sealed class LocalLocatorGrain : Grain, ILocalLocatorGrain
{
    public Task<string> WhereAsync() => Task.FromResult(RuntimeIdentity);
}

public interface IHashedLocatorGrain : IGrainWithStringKey
{
    Task<string> WhereAsync();
}

[HashBasedPlacement]
public sealed class HashedLocatorGrain : Grain, IHashedLocatorGrain
{
    public Task<string> WhereAsync() => Task.FromResult(RuntimeIdentity);
}

public interface IFromLocalGrain : IGrainWithStringKey
{
    /// <summary>Calls a prefer-local grain from this grain's silo and returns (this silo, that grain's silo).</summary>
    Task<string[]> CallLocalAsync(string key);
}

public sealed class FromLocalGrain : Grain, IFromLocalGrain
{
    public async Task<string[]> CallLocalAsync(string key) =>
        [RuntimeIdentity, await GrainFactory.GetGrain<ILocalLocatorGrain>(key).WhereAsync()];
}

[GenerateSerializer]
public sealed class TallyState
{
    [Id(0)]
    public long Count { get; set; }
}

public interface ITallyGrain : IGrainWithIntegerKey
{
    /// <summary>Adds one, persists, returns the new count.</summary>
    Task<long> IncrementAsync();

    Task<long> GetAsync();

    Task<string> WhereAsync();
}

/// <summary>A counter persisted after every increment in store "cluster-store" (shared by all silos of a test).</summary>
public sealed class TallyGrain([PersistentState("tally", "cluster-store")] IPersistentState<TallyState> tally) : Grain, ITallyGrain
{
    public async Task<long> IncrementAsync()
    {
        tally.State.Count++;
        await tally.WriteStateAsync();
        return tally.State.Count;
    }

    public Task<long> GetAsync() => Task.FromResult(tally.State.Count);

    public Task<string> WhereAsync() => Task.FromResult(RuntimeIdentity);
}

public interface IStallGrain : IGrainWithStringKey
{
    Task<string> WhereAsync();

    /// <summary>Does not return until the test releases the key's gate (or the silo dies).</summary>
    Task StallAsync();
}

/// <summary>Blocks calls on a gate the test controls, to have a call in flight when its silo dies.</summary>
public sealed class StallGrain : Grain, IStallGrain
{
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> Gates = new();

    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> Entered = new();

    public Task<string> WhereAsync() => Task.FromResult(RuntimeIdentity);

    public Task StallAsync()
    {
        var key = this.GetPrimaryKeyString();
        Entered.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return Gates.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }
}
