namespace GrainChain.Runtime.Serialization;

/// <summary>Nullable&lt;T&gt; as a length-delimited value: 0 for null, else the inner value inside a region.</summary>
internal sealed class NullableCodec<T>(ICodecProvider provider) : IFieldCodec<T?>, IDeepCopier<T?>, IConditionallyImmutable
    where T : struct
{
    private readonly IFieldCodec<T> _inner = provider.GetCodec<T>();
    private readonly IDeepCopier<T> _copier = provider.GetCopier<T>();

    public Type ValueType => typeof(T?);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _copier is IdentityCopier<T>;

    public void Write(GrainWriter writer, T? value)
    {
        if (!value.HasValue)
        {
            writer.WriteNull();
            return;
        }

        var start = writer.BeginRegion();
        _inner.Write(writer, value.GetValueOrDefault());
        writer.EndRegion(start);
    }

    public T? Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null;
        }

        var value = _inner.Read(ref reader);
        reader.ExitRegion(outer);
        return value;
    }

    public T? DeepCopy(T? value, CopyContext context) => value.HasValue ? _copier.DeepCopy(value.GetValueOrDefault(), context) : null;
}
