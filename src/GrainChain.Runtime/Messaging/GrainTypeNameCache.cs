using System.Text;

namespace GrainChain.Runtime.Messaging;

/// <summary>
/// Reuses the string of a grain type name a connection has already decoded: a silo sees few grain types, so most
/// request headers then allocate only their key. Bounded, and one per connection (used only by its read loop), so a
/// peer sending endless new names only stops its own caching. <see cref="Keys"/> does the same for grain keys.
/// </summary>
internal sealed class GrainTypeNameCache : IDecodedTextCache
{
    private const int MaxEntries = 256;
    private const int MaxCachedChars = 256;
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Recently decoded grain keys of the same connection.</summary>
    public GrainKeyCache Keys { get; } = new();

    public GrainTypeNameCache()
    {
        _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The string for valid UTF-8 <paramref name="utf8"/>, from the cache when seen before.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxCachedChars)
        {
            return Encoding.UTF8.GetString(utf8);
        }
        // UTF-8 never has fewer bytes than the UTF-16 chars it decodes to.
        Span<char> chars = stackalloc char[MaxCachedChars];
        int count = Encoding.UTF8.GetChars(utf8, chars);
        var text = chars[..count];
        if (_lookup.TryGetValue(text, out var cached))
        {
            return cached;
        }
        var created = new string(text);
        if (_names.Count < MaxEntries)
        {
            _names[created] = created;
        }
        return created;
    }
}
