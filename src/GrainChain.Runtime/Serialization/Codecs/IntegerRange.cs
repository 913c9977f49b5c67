namespace GrainChain.Runtime.Serialization;

/// <summary>
/// Narrowing for integers read as 64-bit varints: a value that does not fit its declared width is malformed input,
/// not something to truncate silently. Public because generated codecs read narrow fields through it.
/// </summary>
public static class IntegerRange
{
    public static byte ToByte(ulong value) => value <= byte.MaxValue ? (byte)value : throw OutOfRange(value, "byte");

    public static ushort ToUInt16(ulong value) => value <= ushort.MaxValue ? (ushort)value : throw OutOfRange(value, "ushort");

    public static uint ToUInt32(ulong value) => value <= uint.MaxValue ? (uint)value : throw OutOfRange(value, "uint");

    public static sbyte ToSByte(long value) => value is >= sbyte.MinValue and <= sbyte.MaxValue ? (sbyte)value : throw OutOfRange(value, "sbyte");

    public static short ToInt16(long value) => value is >= short.MinValue and <= short.MaxValue ? (short)value : throw OutOfRange(value, "short");

    public static int ToInt32(long value) => value is >= int.MinValue and <= int.MaxValue ? (int)value : throw OutOfRange(value, "int");

    private static GrainSerializationException OutOfRange<TValue>(TValue value, string type) =>
        new($"Value {value} does not fit in {type}.");
}
