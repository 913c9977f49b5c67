namespace GrainChain.Runtime.Messaging;

/// <summary>Unsigned LEB128 integers for the message header: small numbers (call ids, lengths) take one or two bytes.</summary>
internal static class WireVarint
{
    public const int MaxBytes64 = 10;
    public const int MaxBytes32 = 5;

    public static int Write(Span<byte> destination, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    public static int Size(ulong value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }

    /// <summary>Reads a value of at most <paramref name="maxBytes"/> bytes; false when truncated, overlong or overflowing.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, int maxBytes, out ulong value, out int consumed)
    {
        value = 0;
        consumed = 0;
        int shift = 0;
        while (consumed < source.Length && consumed < maxBytes)
        {
            byte b = source[consumed++];
            // The tenth byte of a 64-bit value may only carry its top bit.
            if (consumed == MaxBytes64 && b > 1)
            {
                return false;
            }
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
            shift += 7;
        }
        return false;
    }
}
