using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Management;

/// <summary>One silo as the membership table lists it.</summary>
[GenerateSerializer]
public sealed record SiloSummary(
    [property: Id(0)] string Address,
    [property: Id(1)] SiloStatus Status,
    [property: Id(2)] string HostName,
    [property: Id(3)] DateTimeOffset StartTime,
    [property: Id(4)] DateTimeOffset LastHeartbeat);
