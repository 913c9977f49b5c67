namespace GrainChain.Runtime.Serialization;

/// <summary>A type's exact codec and copier behind object-typed methods, for values reached through a base type.</summary>
internal interface IBoxedCodec
{
    void WriteBoxed(GrainWriter writer, object value);

    object? ReadBoxed(ref GrainReader reader);

    object CopyBoxed(object value, CopyContext context);
}

internal sealed class BoxedCodec<T>(CodecRegistry registry) : IBoxedCodec
{
    private readonly IFieldCodec<T> _codec = registry.GetExactCodec<T>()
        ?? throw new GrainSerializationException($"{typeof(T)} has no codec.");

    private readonly IDeepCopier<T> _copier = registry.GetExactCopier<T>();

    public void WriteBoxed(GrainWriter writer, object value) => _codec.Write(writer, (T)value);

    public object? ReadBoxed(ref GrainReader reader) => _codec.Read(ref reader);

    public object CopyBoxed(object value, CopyContext context) =>
        _copier is IdentityCopier<T> ? value : _copier.DeepCopy((T)value, context)!;
}
