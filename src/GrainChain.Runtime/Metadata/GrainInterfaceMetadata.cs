using GrainChain.Runtime.Invocation;

namespace GrainChain.Runtime.Metadata;

/// <summary>A grain interface as the generator described it: its name, key kind and how to make its proxy.</summary>
public sealed record GrainInterfaceMetadata(
    Type InterfaceType,
    GrainInterfaceType Name,
    GrainKeyKind KeyKind,
    Func<GrainReferenceShared, GrainId, GrainReference> ProxyFactory)
{
    /// <summary>The interface's id on the wire (FNV-1a 32 of its metadata name, see <see cref="GrainInterfaceId"/>).</summary>
    public uint InterfaceId { get; } = GrainInterfaceId.Compute(Name.Name);
}
