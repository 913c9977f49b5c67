namespace GrainChain.Runtime.Metadata;

/// <summary>A grain class as the generator described it: its grain type, interfaces, reentrancy and constructor.</summary>
public sealed record GrainClassMetadata(
    Type ClassType,
    GrainType GrainType,
    bool IsReentrant,
    IReadOnlyList<Type> Interfaces,
    Func<IServiceProvider, IGrainContext, object> Factory);
