using GrainChain.Runtime.Serialization;

namespace GrainChain.Cluster.TestSilo.Grains;

/// <summary>A counter's value as persisted, and where the activation that answered runs.</summary>
[GenerateSerializer]
public sealed record CounterReading([property: Id(0)] long Count, [property: Id(1)] SiloLocation Location);
