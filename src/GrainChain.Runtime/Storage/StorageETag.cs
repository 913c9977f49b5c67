using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace GrainChain.Runtime.Storage;

/// <summary>
/// ETags are random 64-bit tokens shown as 16 hex digits. Random rather than counted so that a record that is
/// cleared and created again never repeats an old ETag, which would let a stale writer win.
/// </summary>
internal static class StorageETag
{
    /// <summary>A fresh token, guaranteed different from <paramref name="previous"/>.</summary>
    public static long Next(long? previous)
    {
        Span<byte> bytes = stackalloc byte[8];
        long value;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            value = BinaryPrimitives.ReadInt64LittleEndian(bytes);
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
