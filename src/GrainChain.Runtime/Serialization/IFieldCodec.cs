namespace GrainChain.Runtime.Serialization;

/// <summary>
/// Writes and reads values of one type. <see cref="Write"/> produces exactly the layout <see cref="WireType"/> names
/// (for <see cref="WireType.LengthDelimited"/>: the prefix too, with 0 for null), so readers that do not know the
/// value can skip it. Hand-written codecs are registered through <see cref="SerializerOptions"/> or as
/// <see cref="IFieldCodec"/> services.
/// </summary>
public interface IFieldCodec<T> : IFieldCodec
{
    void Write(GrainWriter writer, T value);

    T Read(ref GrainReader reader);
}

/// <summary>The untyped face of a codec, used to register it and to handle values whose static type is a base type.</summary>
public interface IFieldCodec
{
    /// <summary>The exact type this codec writes.</summary>
    Type ValueType { get; }

    WireType WireType { get; }
}
