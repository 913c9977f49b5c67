namespace GrainChain.Hosting.TestSilo.Grains;

/// <summary>A counter whose value is persisted on every increment; says which silo it runs on.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one, writes the state, and returns the new value.</summary>
    Task<long> IncrementAsync();

    Task<CounterReading> ReadAsync();
}
