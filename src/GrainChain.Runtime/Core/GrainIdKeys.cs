using System.Globalization;

namespace GrainChain.Runtime;

/// <summary>The canonical text forms of grain keys, and their parsing back, for every <see cref="GrainKeyKind"/>.</summary>
public static class GrainIdKeys
{
    private const char CompoundSeparator = '+';

    public static string FromGuid(Guid key) => key.ToString("N", CultureInfo.InvariantCulture);

    public static string FromInteger(long key) => key.ToString(CultureInfo.InvariantCulture);

    public static string FromGuidCompound(Guid key, string extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        return string.Concat(FromGuid(key), "+", extension);
    }

    public static string FromIntegerCompound(long key, string extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        return string.Concat(FromInteger(key), "+", extension);
    }

    /// <summary>Reads a Guid key, with the extension of a compound key when there is one.</summary>
    public static Guid ToGuid(GrainId id, out string? extension)
    {
        var head = Split(id.Key, out extension);
        if (!Guid.TryParseExact(head, "N", out var guid))
        {
            throw new InvalidOperationException($"Grain {id} does not have a Guid key.");
        }
        return guid;
    }

    /// <summary>Reads an integer key, with the extension of a compound key when there is one.</summary>
    public static long ToInteger(GrainId id, out string? extension)
    {
        var head = Split(id.Key, out extension);
        if (!long.TryParse(head, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new InvalidOperationException($"Grain {id} does not have an integer key.");
        }
        return value;
    }

    private static ReadOnlySpan<char> Split(string key, out string? extension)
    {
        int plus = key.IndexOf(CompoundSeparator);
        if (plus < 0)
        {
            extension = null;
            return key;
        }
        extension = key[(plus + 1)..];
        return key.AsSpan(0, plus);
    }
}
