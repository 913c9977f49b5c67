using System.Globalization;

namespace GrainChain.Runtime.Streams;

/// <summary>
/// The identity of a stream: a namespace (what kind of events, e.g. "blocks") plus a key (whose events). Keys are
/// kept in the canonical text form of grain keys, so a stream keyed by a Guid names the grain keyed by that Guid.
/// </summary>
public readonly struct StreamId : IEquatable<StreamId>, IComparable<StreamId>
{
    private StreamId(string streamNamespace, string key)
    {
        Namespace = streamNamespace;
        Key = key;
    }

    public string Namespace { get; }

    /// <summary>The key in canonical grain-key text form.</summary>
    public string Key { get; }

    public bool IsDefault => Key is null;

    public static StreamId Create(string streamNamespace, string key)
    {
        ArgumentNullException.ThrowIfNull(streamNamespace);
        ArgumentNullException.ThrowIfNull(key);
        return new StreamId(streamNamespace, key);
    }

    public static StreamId Create(string streamNamespace, Guid key) => Create(streamNamespace, GrainIdKeys.FromGuid(key));

    public static StreamId Create(string streamNamespace, long key) => Create(streamNamespace, GrainIdKeys.FromInteger(key));

    public string GetKeyAsString() => Key;

    /// <summary>The key as a Guid; throws when the stream was not created with a Guid key.</summary>
    public Guid GetGuidKey() =>
        Guid.TryParseExact(Key, "N", out var guid) ? guid : throw new InvalidOperationException($"Stream {this} does not have a Guid key.");

    public bool Equals(StreamId other) =>
        string.Equals(Key, other.Key, StringComparison.Ordinal) && string.Equals(Namespace, other.Namespace, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is StreamId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Namespace ?? ""), StringComparer.Ordinal.GetHashCode(Key ?? ""));

    public int CompareTo(StreamId other)
    {
        int byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Key, other.Key);
    }

    public override string ToString() => IsDefault ? "(default)" : $"{Namespace}/{Key}";

    /// <summary>An unambiguous text form (the namespace is length-prefixed, so it may contain any character).</summary>
    internal string ToUnambiguousString() => string.Concat(Namespace.Length.ToString(CultureInfo.InvariantCulture), ":", Namespace, "/", Key);

    public static bool operator ==(StreamId left, StreamId right) => left.Equals(right);

    public static bool operator !=(StreamId left, StreamId right) => !left.Equals(right);
}
