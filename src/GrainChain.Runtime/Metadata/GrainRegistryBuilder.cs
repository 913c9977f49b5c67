using System.ComponentModel;
using GrainChain.Runtime.Invocation;

namespace GrainChain.Runtime.Metadata;

/// <summary>Collects what generated registries declare.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GrainRegistryBuilder
{
    internal List<GrainInterfaceMetadata> Interfaces { get; } = [];

    internal List<GrainClassMetadata> Classes { get; } = [];

    internal List<GrainRequestFactory> RequestFactories { get; } = [];

    public void AddInterface(Type interfaceType, string name, GrainKeyKind keyKind, Func<GrainReferenceShared, GrainId, GrainReference> proxyFactory) =>
        Interfaces.Add(new GrainInterfaceMetadata(interfaceType, new GrainInterfaceType(name), keyKind, proxyFactory));

    public void AddGrainClass(Type classType, string grainType, bool isReentrant, Type[] interfaces, Func<IServiceProvider, IGrainContext, object> factory) =>
        Classes.Add(new GrainClassMetadata(classType, new GrainType(grainType), isReentrant, interfaces, factory));

    /// <summary>
    /// Declares how a request for method <paramref name="methodId"/> of interface <paramref name="interfaceName"/> arriving
    /// from another silo is made: <paramref name="factory"/> rents an empty request whose arguments are then read from
    /// the wire. <paramref name="interfaceId"/> is the id the generator computed; the runtime checks it at startup.
    /// </summary>
    public void AddRequestFactory(string interfaceName, uint interfaceId, ushort methodId, Func<GrainRequest> factory)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        ArgumentNullException.ThrowIfNull(factory);
        RequestFactories.Add(new GrainRequestFactory(interfaceName, interfaceId, methodId, factory));
    }
}
