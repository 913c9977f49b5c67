using System.Collections.Concurrent;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Metadata;

namespace GrainChain.Runtime;

/// <summary>The silo's grain factory and in-process cluster client: makes references, calls go through the local runtime.</summary>
internal sealed class GrainFactory(GrainRuntime runtime) : IClusterClient
{
    private readonly ConcurrentDictionary<Type, GrainReferenceShared> _shared = new();

    public IServiceProvider ServiceProvider => runtime.Services;

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        return (TGrainInterface)Create(typeof(TGrainInterface), GrainKeyKind.String, primaryKey, grainClassNamePrefix);
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey =>
        (TGrainInterface)Create(typeof(TGrainInterface), GrainKeyKind.Guid, GrainIdKeys.FromGuid(primaryKey), grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey =>
        (TGrainInterface)Create(typeof(TGrainInterface), GrainKeyKind.Integer, GrainIdKeys.FromInteger(primaryKey), grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidCompoundKey =>
        (TGrainInterface)Create(typeof(TGrainInterface), GrainKeyKind.GuidCompound, GrainIdKeys.FromGuidCompound(primaryKey, keyExtension), grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerCompoundKey =>
        (TGrainInterface)Create(typeof(TGrainInterface), GrainKeyKind.IntegerCompound, GrainIdKeys.FromIntegerCompound(primaryKey, keyExtension), grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The default GrainId names no grain.", nameof(grainId));
        }
        var metadata = runtime.Types.GetInterface(typeof(TGrainInterface));
        if (runtime.Types.TryGetClass(grainId.Type, out var grainClass) && !grainClass.Interfaces.Contains(typeof(TGrainInterface)))
        {
            throw new ArgumentException($"Grain class {grainClass.ClassType} of grain {grainId} does not implement {typeof(TGrainInterface)}.", nameof(grainId));
        }
        return (TGrainInterface)(object)CreateReference(metadata, grainId);
    }

    public IGrain GetGrain(Type grainInterfaceType, string key) => Create(grainInterfaceType, GrainKeyKind.String, key, null);

    public IGrain GetGrain(Type grainInterfaceType, Guid key) => Create(grainInterfaceType, GrainKeyKind.Guid, GrainIdKeys.FromGuid(key), null);

    public IGrain GetGrain(Type grainInterfaceType, long key) => Create(grainInterfaceType, GrainKeyKind.Integer, GrainIdKeys.FromInteger(key), null);

    /// <summary>A reference of the named interface to the grain (used when references are deserialized).</summary>
    internal GrainReference CreateReference(GrainId grainId, GrainInterfaceType interfaceType) =>
        CreateReference(runtime.Types.GetInterface(interfaceType), grainId);

    private IGrain Create(Type interfaceType, GrainKeyKind keyKind, string key, string? grainClassNamePrefix)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        var metadata = runtime.Types.GetInterface(interfaceType);
        if (metadata.KeyKind != keyKind)
        {
            throw new ArgumentException(
                $"Grain interface {interfaceType} is addressed by {Describe(metadata.KeyKind)} keys, not by {Describe(keyKind)} keys.", nameof(interfaceType));
        }
        var grainClass = runtime.Types.ResolveClass(interfaceType, grainClassNamePrefix);
        return (IGrain)CreateReference(metadata, new GrainId(grainClass.GrainType, key));
    }

    private GrainReference CreateReference(GrainInterfaceMetadata metadata, GrainId grainId)
    {
        var shared = _shared.GetOrAdd(metadata.InterfaceType, static (type, state) =>
            new GrainReferenceShared(state.runtime, type, state.metadata.Name), (runtime, metadata));
        return metadata.ProxyFactory(shared, grainId);
    }

    private static string Describe(GrainKeyKind kind) => kind switch
    {
        GrainKeyKind.String => "string",
        GrainKeyKind.Guid => "Guid",
        GrainKeyKind.Integer => "integer",
        GrainKeyKind.GuidCompound => "Guid-plus-string",
        _ => "integer-plus-string",
    };
}
