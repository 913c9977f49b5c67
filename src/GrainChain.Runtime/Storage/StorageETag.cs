using System.Globalization;

namespace GrainChain.Runtime.Storage;

/// <summary>
/// ETags are random 64-bit tokens shown as 16 hex digits. Random rather than counted so that a record that is
/// cleared and created again never repeats an old ETag, which would let a stale writer win. They only need to be
/// unique, not unguessable, so the fast shared generator serves (each process seeds its own).
/// </summary>
internal static class StorageETag
{
    /// <summary>A fresh token, guaranteed different from <paramref name="previous"/>.</summary>
    public static long Next(long? previous)
    {
        long value;
        do
        {
            value = Random.Shared.NextInt64(long.MinValue, long.MaxValue);
        }
        while (value == previous);
        return value;
    }

    public static string Format(long value) => ((ulong)value).ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Parses an ETag this library produced; anything else cannot match a stored record.</summary>
    public static bool TryParse(string? eTag, out long value)
    {
        if (eTag is { Length: 16 } && ulong.TryParse(eTag, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var parsed))
        {
            value = (long)parsed;
            return true;
        }

        value = 0;
        return false;
    }
}
