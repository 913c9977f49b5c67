namespace GrainChain.Runtime.Serialization;

/// <summary>
/// A one-slot, per-type cache of the last registry's codec and copier: the common case (one serializer per process)
/// resolves a codec with one static read and one comparison instead of a dictionary lookup.
/// </summary>
internal static class CodecCache<T>
{
    public static CodecCacheEntry<T>? Codec;

    public static CopierCacheEntry<T>? Copier;
}

internal sealed record CodecCacheEntry<T>(CodecRegistry Owner, IFieldCodec<T> Codec);

internal sealed record CopierCacheEntry<T>(CodecRegistry Owner, IDeepCopier<T> Copier, bool IsIdentity);
