using GrainChain.Runtime.Invocation;

namespace GrainChain.Runtime;

/// <summary>Key accessors for grains and grain references: <c>this.GetPrimaryKeyString()</c> and friends.</summary>
public static class GrainExtensions
{
    public static GrainId GetGrainId(this IAddressable addressable) => addressable switch
    {
        GrainReference reference => reference.GrainId,
        Grain grain => grain.GrainId,
        null => throw new ArgumentNullException(nameof(addressable)),
        _ => throw new ArgumentException($"{addressable.GetType()} is neither a grain nor a grain reference.", nameof(addressable)),
    };

    public static string GetPrimaryKeyString(this IAddressable addressable) => addressable.GetGrainId().Key;

    public static Guid GetPrimaryKey(this IAddressable addressable) => GrainIdKeys.ToGuid(addressable.GetGrainId(), out _);

    public static Guid GetPrimaryKey(this IAddressable addressable, out string? keyExtension) =>
        GrainIdKeys.ToGuid(addressable.GetGrainId(), out keyExtension);

    public static long GetPrimaryKeyLong(this IAddressable addressable) => GrainIdKeys.ToInteger(addressable.GetGrainId(), out _);

    public static long GetPrimaryKeyLong(this IAddressable addressable, out string? keyExtension) =>
        GrainIdKeys.ToInteger(addressable.GetGrainId(), out keyExtension);

    /// <summary>Turns a reference into a reference of another grain interface of the same grain.</summary>
    public static TGrainInterface AsReference<TGrainInterface>(this IAddressable addressable)
        where TGrainInterface : IAddressable => addressable switch
        {
            GrainReference reference => reference.Runtime.GrainFactory.GetGrain<TGrainInterface>(reference.GrainId),
            Grain grain => grain.Activation.Runtime.GrainFactory.GetGrain<TGrainInterface>(grain.GrainId),
            _ => throw new ArgumentException($"{addressable?.GetType()} is neither a grain nor a grain reference.", nameof(addressable)),
        };
}
