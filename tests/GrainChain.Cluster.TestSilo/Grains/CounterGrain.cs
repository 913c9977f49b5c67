using GrainChain.Runtime;
using GrainChain.Runtime.State;

namespace GrainChain.Cluster.TestSilo.Grains;

/// <summary>
/// A counter in store <see cref="TestSiloStores.Cluster"/>, the SQLite file every silo process of the cluster shares,
/// so a counter whose silo dies resumes elsewhere from its last acknowledged value.
/// </summary>
public sealed class CounterGrain([PersistentState("counter", TestSiloStores.Cluster)] IPersistentState<CounterState> counter)
    : Grain, ICounterGrain
{
    public async Task<CounterReading> IncrementAsync()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return Reading();
    }

    public Task<CounterReading> GetAsync() => Task.FromResult(Reading());

    private CounterReading Reading() => new(counter.State.Count, this.Location());
}
