namespace GrainChain.Runtime.Serialization;

/// <summary>Bounds applied while decoding untrusted bytes, checked before anything is allocated.</summary>
public sealed record SerializerLimits
{
    /// <summary>Nesting of objects and collections.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Elements of one collection.</summary>
    public int MaxCollectionLength { get; init; } = 1 << 20;

    /// <summary>Encoded bytes of one string or byte array.</summary>
    public int MaxByteLength { get; init; } = 16 << 20;
}
