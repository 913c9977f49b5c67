using System.ComponentModel;
using GrainChain.Runtime.Invocation;

namespace GrainChain.Runtime.Metadata;

/// <summary>Collects what generated registries declare.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GrainRegistryBuilder
{
    internal List<GrainInterfaceMetadata> Interfaces { get; } = [];

    internal List<GrainClassMetadata> Classes { get; } = [];

    public void AddInterface(Type interfaceType, string name, GrainKeyKind keyKind, Func<GrainReferenceShared, GrainId, GrainReference> proxyFactory) =>
        Interfaces.Add(new GrainInterfaceMetadata(interfaceType, new GrainInterfaceType(name), keyKind, proxyFactory));

    public void AddGrainClass(Type classType, string grainType, bool isReentrant, Type[] interfaces, Func<IServiceProvider, IGrainContext, object> factory) =>
        Classes.Add(new GrainClassMetadata(classType, new GrainType(grainType), isReentrant, interfaces, factory));
}
