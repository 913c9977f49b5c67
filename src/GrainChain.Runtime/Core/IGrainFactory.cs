namespace GrainChain.Runtime;

/// <summary>Creates grain references. A reference is valid forever: the grain is activated by its first call.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey;

    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey;

    TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey;

    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidCompoundKey;

    TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerCompoundKey;

    /// <summary>A reference of the given interface to an existing identity (for example one read back from storage).</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable;

    /// <summary>Untyped forms: the key kind is checked at run time against the interface's key interface.</summary>
    IGrain GetGrain(Type grainInterfaceType, string key);

    IGrain GetGrain(Type grainInterfaceType, Guid key);

    IGrain GetGrain(Type grainInterfaceType, long key);
}
