namespace GrainChain.Runtime;

/// <summary>Which kind of key a grain interface is addressed by; fixed by the key interface it extends.</summary>
public enum GrainKeyKind
{
    String,
    Guid,
    Integer,
    GuidCompound,
    IntegerCompound,
}
