using System.Runtime.CompilerServices;

namespace GrainChain.Runtime.Serialization;

/// <summary>An enum as its underlying integer (zigzag varint); values outside the declared names are kept, as .NET allows them.</summary>
public sealed class EnumCodec<T> : IFieldCodec<T>, IDeepCopier<T>, IImmutableTypeCodec
    where T : struct, Enum
{
    public Type ValueType => typeof(T);

    public WireType WireType => WireType.VarInt;

    public void Write(GrainWriter writer, T value) => writer.WriteVarInt64(ToInt64(value));

    public T Read(ref GrainReader reader)
    {
        var raw = reader.ReadVarInt64();
        if (ToInt64(FromInt64(raw)) != raw)
        {
            throw new GrainSerializationException($"Value {raw} does not fit in enum {typeof(T).Name}.");
        }

        return FromInt64(raw);
    }

    public T DeepCopy(T value, CopyContext context) => value;

    // Sign-extends 4- and 8-byte enums (so negative values stay short) and zero-extends the narrow ones.
    private static long ToInt64(T value) => Unsafe.SizeOf<T>() switch
    {
        1 => Unsafe.As<T, byte>(ref value),
        2 => Unsafe.As<T, ushort>(ref value),
        4 => Unsafe.As<T, int>(ref value),
        _ => Unsafe.As<T, long>(ref value),
    };

    private static T FromInt64(long raw)
    {
        T result = default;
        switch (Unsafe.SizeOf<T>())
        {
            case 1: Unsafe.As<T, byte>(ref result) = (byte)raw; break;
            case 2: Unsafe.As<T, ushort>(ref result) = (ushort)raw; break;
            case 4: Unsafe.As<T, int>(ref result) = (int)raw; break;
            default: Unsafe.As<T, long>(ref result) = raw; break;
        }

        return result;
    }
}
