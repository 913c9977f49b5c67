using GrainChain.Hosting;
using Orleans.Runtime;

namespace GrainChain.Hosting.TestSilo.Grains;

/// <summary>Persists its value in the "ledger" store before every increment returns.</summary>
public sealed class CounterGrain(
    [PersistentState("counter", GrainChainOptions.StorageName)] IPersistentState<CounterState> state,
    ILocalSiloDetails silo) : Grain, ICounterGrain
{
    public async Task<long> IncrementAsync()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<CounterReading> ReadAsync() => Task.FromResult(new CounterReading(state.State.Value, silo.SiloAddress.ToString()));
}
