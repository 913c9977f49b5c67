namespace GrainChain.Runtime.Serialization;

/// <summary>One-dimensional arrays: a region holding the count and then each element.</summary>
internal sealed class ArrayCodec<T>(ICodecProvider provider) : IFieldCodec<T[]>, IDeepCopier<T[]>
{
    private readonly IFieldCodec<T> _element = provider.GetCodec<T>();
    private readonly IDeepCopier<T> _copier = provider.GetCopier<T>();

    public Type ValueType => typeof(T[]);

    public WireType WireType => WireType.LengthDelimited;

    public void Write(GrainWriter writer, T[] value)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        var start = writer.BeginRegion();
        writer.WriteVarUInt32((uint)value.Length);
        foreach (var item in value)
        {
            _element.Write(writer, item);
        }

        writer.EndRegion(start);
    }

    public T[] Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null!;
        }

        var count = reader.ReadCollectionCount($"{typeof(T).Name}[]", WireSizes.Minimum(_element.WireType));
        var result = count == 0 ? [] : new T[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = _element.Read(ref reader);
        }

        reader.ExitRegion(outer);
        return result;
    }

    public T[] DeepCopy(T[] value, CopyContext context)
    {
        if (value is null)
        {
            return null!;
        }

        if (_copier is IdentityCopier<T>)
        {
            return value.Length == 0 ? [] : (T[])value.Clone();
        }

        context.Enter();
        var result = new T[value.Length];
        for (var i = 0; i < value.Length; i++)
        {
            result[i] = _copier.DeepCopy(value[i], context);
        }

        context.Exit();
        return result;
    }
}
