using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Management;

/// <summary>What one silo reports about itself.</summary>
[GenerateSerializer]
public sealed record SiloRuntimeStatistics(
    [property: Id(0)] string Address,
    [property: Id(1)] string SiloName,
    [property: Id(2)] int ActivationCount,
    [property: Id(3)] long MembershipVersion);
