using System.ComponentModel;

namespace GrainChain.Runtime.Invocation;

/// <summary>What every reference of one grain interface in one runtime shares, so a reference itself is two fields.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GrainReferenceShared
{
    internal GrainReferenceShared(GrainRuntime runtime, Type interfaceClrType, GrainInterfaceType interfaceType)
    {
        Runtime = runtime;
        InterfaceClrType = interfaceClrType;
        InterfaceType = interfaceType;
    }

    internal GrainRuntime Runtime { get; }

    public Type InterfaceClrType { get; }

    public GrainInterfaceType InterfaceType { get; }
}
