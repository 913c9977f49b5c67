namespace GrainChain.Runtime.Messaging;

/// <summary>Per-message options; unknown bits are a protocol error.</summary>
[Flags]
public enum MessageFlags : byte
{
    None = 0,

    /// <summary>The caller expects no response.</summary>
    OneWay = 1,

    /// <summary>The request may interleave with other requests of a non-reentrant activation.</summary>
    AlwaysInterleave = 2,
}
