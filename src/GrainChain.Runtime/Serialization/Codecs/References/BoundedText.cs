using System.Text;

namespace GrainChain.Runtime.Serialization;

/// <summary>
/// Length-prefixed UTF-8 text with a per-field bound, checked on the prefix before any byte is decoded, so an
/// identity field can never make the reader allocate more than its bound.
/// </summary>
internal static class BoundedText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes <paramref name="value"/> as <see cref="GrainWriter.WriteString"/> does, refusing text over the bound.</summary>
    public static void Write(GrainWriter writer, string value, int maxBytes, string field)
    {
        // Char count times three bounds the UTF-8 size, so the exact count is needed only near the limit.
        if (value.Length * 3L > maxBytes && Encoding.UTF8.GetByteCount(value) > maxBytes)
        {
            throw new GrainSerializationException($"{field} '{Preview(value)}' is longer than {maxBytes} UTF-8 bytes.");
        }

        writer.WriteString(value);
    }

    /// <summary>Reads a non-null string of at most <paramref name="maxBytes"/> bytes; <paramref name="allowEmpty"/> says whether "" is valid.</summary>
    public static string Read(ref GrainReader reader, int maxBytes, string field, bool allowEmpty)
    {
        var prefix = reader.ReadVarUInt32();
        if (prefix == 0)
        {
            throw new GrainSerializationException($"{field} is null.");
        }

        var length = prefix - 1;
        if (length > (uint)maxBytes)
        {
            throw new GrainSerializationException($"{field} declares {length} bytes; the limit is {maxBytes}.");
        }

        if (length == 0)
        {
            return allowEmpty ? string.Empty : throw new GrainSerializationException($"{field} is empty.");
        }

        var bytes = reader.ReadBytes((int)length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new GrainSerializationException($"{field} is not valid UTF-8.", e);
        }
    }

    private static string Preview(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");
}
