namespace GrainChain.Runtime.Messaging;

/// <summary>A per-connection source of strings for UTF-8 header fields, reusing strings it decoded before.</summary>
internal interface IDecodedTextCache
{
    /// <summary>The string for valid UTF-8 <paramref name="utf8"/>, from the cache when it was seen before.</summary>
    string Get(ReadOnlySpan<byte> utf8);
}
