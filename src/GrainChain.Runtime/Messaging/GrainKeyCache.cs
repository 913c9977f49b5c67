using System.Text;

namespace GrainChain.Runtime.Messaging;

/// <summary>
/// Reuses the strings of grain keys a connection decoded recently, so the requests of a busy grain allocate no key.
/// Direct-mapped (a slot per hash, the newest key wins), so it is bounded, never evicts by scanning, and a peer that
/// sends endless new keys only makes its own lookups miss. Used only by its connection's read loop.
/// </summary>
internal sealed class GrainKeyCache : IDecodedTextCache
{
    private const int Slots = 1024;
    private const int MaxCachedChars = 64;
    private readonly string?[] _keys = new string?[Slots];

    /// <summary>The string for valid UTF-8 <paramref name="utf8"/>, from the cache when it was seen recently.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxCachedChars)
        {
            return Encoding.UTF8.GetString(utf8);
        }
        // UTF-8 never has fewer bytes than the UTF-16 chars it decodes to.
        Span<char> chars = stackalloc char[MaxCachedChars];
        var text = chars[..Encoding.UTF8.GetChars(utf8, chars)];
        ref var slot = ref _keys[string.GetHashCode(text) & (Slots - 1)];
        if (slot is { } cached && text.SequenceEqual(cached))
        {
            return cached;
        }
        return slot = new string(text);
    }
}
