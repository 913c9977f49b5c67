using GrainChain.Runtime.Serialization;

namespace GrainChain.Cluster.TestSilo.Grains;

/// <summary>The persisted part of <see cref="CounterGrain"/>.</summary>
[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public long Count { get; set; }
}
