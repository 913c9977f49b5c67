using GrainChain.Runtime;

namespace GrainChain.Cluster.TestSilo.Grains;

/// <summary>A counter persisted in the cluster's SQLite store after every increment.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one and returns only after the new count is written, so an answered increment is never lost.</summary>
    Task<CounterReading> IncrementAsync();

    Task<CounterReading> GetAsync();
}
