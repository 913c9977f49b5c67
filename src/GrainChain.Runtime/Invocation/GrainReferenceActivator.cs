namespace GrainChain.Runtime.Invocation;

/// <summary>Rebuilds a grain reference from its serialized form (grain id + interface name); serializers use it.</summary>
public sealed class GrainReferenceActivator
{
    private readonly GrainRuntime _runtime;

    internal GrainReferenceActivator(GrainRuntime runtime) => _runtime = runtime;

    public GrainReference CreateReference(GrainId grainId, GrainInterfaceType interfaceType) =>
        _runtime.GrainFactory.CreateReference(grainId, interfaceType);
}
