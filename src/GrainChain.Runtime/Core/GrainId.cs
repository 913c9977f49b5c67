using System.Diagnostics.CodeAnalysis;

namespace GrainChain.Runtime;

/// <summary>
/// The identity of a virtual actor: grain type plus key (the key kept in its canonical string form).
/// Its hash is stable across processes, so later a directory can place grains on a ring of silos.
/// </summary>
public readonly struct GrainId : IEquatable<GrainId>, ISpanFormattable
{
    private const char Separator = '/';
    private readonly int _hash;

    public GrainId(GrainType type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type.Name);
        ArgumentNullException.ThrowIfNull(key);
        Type = type;
        Key = key;
        _hash = StableHash(type.Name, key);
    }

    public GrainType Type { get; }

    /// <summary>The key in canonical text form (see <see cref="GrainIdKeys"/> for Guid, integer and compound keys).</summary>
    public string Key { get; }

    public bool IsDefault => Key is null;

    /// <summary>A hash that is the same in every process and on every machine.</summary>
    public uint GetUniformHashCode() => unchecked((uint)_hash);

    public bool Equals(GrainId other) =>
        _hash == other._hash && string.Equals(Key, other.Key, StringComparison.Ordinal) && string.Equals(Type.Name, other.Type.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    public override int GetHashCode() => _hash;

    public override string ToString() => IsDefault ? "(default)" : $"{Type.Name}{Separator}{Key}";

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        destination.TryWrite($"{Type.Name}{Separator}{Key}", out charsWritten);

    /// <summary>Parses the "type/key" form that <see cref="ToString()"/> writes.</summary>
    public static GrainId Parse(string text)
    {
        if (!TryParse(text, out var id))
        {
            throw new FormatException($"'{text}' is not a grain id: expected \"type/key\".");
        }
        return id;
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out GrainId id)
    {
        int slash = text is null ? -1 : text.IndexOf(Separator);
        if (slash <= 0)
        {
            id = default;
            return false;
        }
        id = new GrainId(new GrainType(text![..slash]), text[(slash + 1)..]);
        return true;
    }

    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);

    // FNV-1a over the UTF-16 code units: string.GetHashCode is randomised per process and would not do for placement.
    private static int StableHash(string type, string key)
    {
        uint hash = 2166136261;
        foreach (char c in type)
        {
            hash = (hash ^ c) * 16777619;
        }
        hash = (hash ^ Separator) * 16777619;
        foreach (char c in key)
        {
            hash = (hash ^ c) * 16777619;
        }
        return unchecked((int)hash);
    }
}
