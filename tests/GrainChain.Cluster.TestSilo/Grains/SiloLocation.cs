using GrainChain.Runtime.Serialization;

namespace GrainChain.Cluster.TestSilo.Grains;

/// <summary>Where an activation runs: its silo's cluster address and the operating-system process hosting it.</summary>
[GenerateSerializer]
public sealed record SiloLocation([property: Id(0)] string Silo, [property: Id(1)] int ProcessId);
