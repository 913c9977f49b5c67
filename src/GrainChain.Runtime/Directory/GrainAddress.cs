using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.GrainDirectory;

/// <summary>
/// Where one activation of a grain lives: the grain, the silo hosting it, and the activation's own id, so a stale
/// address (an earlier activation on the same silo) is never mistaken for the current one.
/// </summary>
[GenerateSerializer]
public sealed record GrainAddress(
    [property: Id(0)] GrainId GrainId,
    [property: Id(1)] SiloAddress Silo,
    [property: Id(2)] Guid ActivationId)
{
    public override string ToString() => $"{GrainId} on {Silo} ({ActivationId:N})";
}
