namespace GrainChain.Runtime.Serialization;

/// <summary>
/// The longest texts the identity codecs (grain ids, grain references, stream ids) write or accept, in UTF-8 bytes.
/// Tighter than the serializer's general string limit because a hostile peer could otherwise make every
/// reference in a message carry megabytes of key.
/// </summary>
public static class IdentityWireLimits
{
    /// <summary>Longest grain type name (the class half of a <see cref="GrainId"/>).</summary>
    public const int MaxGrainTypeBytes = 256;

    /// <summary>Longest grain key; the same bound as storage keys, so every id that travels can also be stored.</summary>
    public const int MaxKeyBytes = 2048;

    /// <summary>Longest grain interface name (a full metadata name, generic arguments included).</summary>
    public const int MaxInterfaceTypeBytes = 1024;

    /// <summary>Longest stream namespace.</summary>
    public const int MaxStreamNamespaceBytes = 256;
}
