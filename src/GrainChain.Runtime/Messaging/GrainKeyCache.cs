using System.Text;

namespace GrainChain.Runtime.Messaging;

/// <summary>
/// Reuses the strings of grain keys a connection decoded recently, so the requests of a busy grain allocate no key.
/// Two-way set-associative: a key's hash picks a pair of slots, the newest key goes first and pushes the older one to
/// the second slot. Bounded, never scans, and a peer that sends endless new keys only makes its own lookups miss. Two
/// ways because with one, two busy keys sharing a slot (about 5 pairs among 100 keys in 1,024 slots) evicted each
/// other on every call. Used only by its connection's read loop.
/// </summary>
internal sealed class GrainKeyCache : IDecodedTextCache
{
    private const int Sets = 512;
    private const int MaxCachedChars = 64;
    private readonly string?[] _keys = new string?[Sets * 2];

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
        int first = (string.GetHashCode(text) & (Sets - 1)) * 2;
        if (_keys[first] is { } recent && text.SequenceEqual(recent))
        {
            return recent;
        }
        if (_keys[first + 1] is { } older && text.SequenceEqual(older))
        {
            return older;
        }
        var created = new string(text);
        _keys[first + 1] = _keys[first];
        _keys[first] = created;
        return created;
    }
}
