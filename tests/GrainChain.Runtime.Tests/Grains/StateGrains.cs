using GrainChain.Runtime;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.State;
using GrainChain.Runtime.Tests.Support;

namespace GrainChain.Runtime.Tests.Grains;

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Count { get; set; }

    [Id(1)]
    public List<string> History { get; set; } = [];
}

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync(string note);

    Task<int> GetCountAsync();

    Task<List<string>> GetHistoryAsync();

    Task<string?> GetEtagAsync();

    Task DeactivateAsync();

    Task ClearAsync();
}

/// <summary>Persists a counter in store "store"; writes after each increment and once more when deactivated.</summary>
public sealed class CounterGrain([PersistentState("counter", "store")] IPersistentState<CounterState> counter, LifecycleProbe probe) : Grain, ICounterGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Activated();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        counter.State.History.Add($"deactivated:{reason.ReasonCode}");
        await counter.WriteStateAsync(cancellationToken);
        probe.Deactivated(this.GetPrimaryKeyString(), reason);
    }

    public async Task<int> IncrementAsync(string note)
    {
        counter.State.Count++;
        counter.State.History.Add(note);
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    public Task<int> GetCountAsync() => Task.FromResult(counter.State.Count);

    public Task<List<string>> GetHistoryAsync() => Task.FromResult(counter.State.History);

    public Task<string?> GetEtagAsync() => Task.FromResult(counter.Etag);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task ClearAsync() => await counter.ClearStateAsync();
}
