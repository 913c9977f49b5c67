namespace GrainChain.Runtime.Serialization;

/// <summary>
/// Values whose static type is a base class, interface or object: a region holding 0 and the value when the runtime
/// type is the static type itself, else 1, the runtime type's id and the value. Only registered types are ever read back.
/// </summary>
internal sealed class PolymorphicCodec<T>(CodecRegistry registry, IFieldCodec<T>? exact) : IFieldCodec<T>
{
    public IFieldCodec<T>? Exact => exact;

    public Type ValueType => typeof(T);

    public WireType WireType => WireType.LengthDelimited;

    public void Write(GrainWriter writer, T value)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        var start = writer.BeginRegion();
        var type = value.GetType();
        if (type == typeof(T) && exact is not null)
        {
            writer.WriteByte(0);
            exact.Write(writer, value);
        }
        else
        {
            writer.WriteByte(1);
            registry.Types.WriteTypeId(writer, type);
            registry.GetBoxedCodec(type).WriteBoxed(writer, value);
        }

        writer.EndRegion(start);
    }

    public T Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return default!;
        }

        T value;
        switch (reader.ReadByte())
        {
            case 0:
                value = exact is not null
                    ? exact.Read(ref reader)
                    : throw new GrainSerializationException($"{TypeDisplay.Of(typeof(T))} cannot be instantiated; the data names no concrete type.");
                break;
            case 1:
                var type = registry.Types.ReadTypeId(ref reader);
                if (!typeof(T).IsAssignableFrom(type))
                {
                    throw new GrainSerializationException($"Type {TypeDisplay.Of(type)} named by the data is not a {TypeDisplay.Of(typeof(T))}.");
                }

                value = (T)registry.GetBoxedCodec(type).ReadBoxed(ref reader)!;
                break;
            case var other:
                throw new GrainSerializationException($"Unknown type marker {other} for a {TypeDisplay.Of(typeof(T))} value.");
        }

        reader.ExitRegion(outer);
        return value;
    }
}
