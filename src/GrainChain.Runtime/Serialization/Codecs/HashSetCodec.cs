namespace GrainChain.Runtime.Serialization;

/// <summary>HashSet&lt;T&gt; with the default comparer on read; a repeated element is malformed input.</summary>
internal sealed class HashSetCodec<T>(ICodecProvider provider) : IFieldCodec<HashSet<T>>, IDeepCopier<HashSet<T>>
{
    private readonly IFieldCodec<T> _element = provider.GetCodec<T>();
    private readonly IDeepCopier<T> _copier = provider.GetCopier<T>();

    public Type ValueType => typeof(HashSet<T>);

    public WireType WireType => WireType.LengthDelimited;

    public void Write(GrainWriter writer, HashSet<T> value)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        var start = writer.BeginRegion();
        writer.WriteVarUInt32((uint)value.Count);
        foreach (var item in value)
        {
            _element.Write(writer, item);
        }

        writer.EndRegion(start);
    }

    public HashSet<T> Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null!;
        }

        var count = reader.ReadCollectionCount($"HashSet<{typeof(T).Name}>", WireSizes.Minimum(_element.WireType));
        var result = new HashSet<T>(count);
        for (var i = 0; i < count; i++)
        {
            if (!result.Add(_element.Read(ref reader)))
            {
                throw new GrainSerializationException($"HashSet<{typeof(T).Name}> holds a repeated element.");
            }
        }

        reader.ExitRegion(outer);
        return result;
    }

    public HashSet<T> DeepCopy(HashSet<T> value, CopyContext context)
    {
        if (value is null)
        {
            return null!;
        }

        if (_copier is IdentityCopier<T>)
        {
            return new HashSet<T>(value, value.Comparer);
        }

        context.Enter();
        var result = new HashSet<T>(value.Count, value.Comparer);
        foreach (var item in value)
        {
            result.Add(_copier.DeepCopy(item, context));
        }

        context.Exit();
        return result;
    }
}
