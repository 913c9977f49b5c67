namespace GrainChain.Runtime.Serialization;

/// <summary>How a field's bytes are laid out, so a reader that does not know the field can still skip it.</summary>
public enum WireType : byte
{
    /// <summary>One base-128 varint (integers, bool, char, enums).</summary>
    VarInt = 0,

    /// <summary>Four little-endian bytes.</summary>
    Fixed32 = 1,

    /// <summary>Eight little-endian bytes.</summary>
    Fixed64 = 2,

    /// <summary>A varint holding 0 for null or n + 1, then n bytes (strings, objects, collections).</summary>
    LengthDelimited = 3,
}
