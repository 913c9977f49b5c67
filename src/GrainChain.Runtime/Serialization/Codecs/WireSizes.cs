namespace GrainChain.Runtime.Serialization;

/// <summary>The fewest bytes one encoded value of a wire type takes: lets a reader refuse impossible element counts.</summary>
internal static class WireSizes
{
    public static int Minimum(WireType wireType) => wireType switch
    {
        WireType.Fixed32 => 4,
        WireType.Fixed64 => 8,
        _ => 1,
    };
}
