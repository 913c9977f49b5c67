namespace GrainChain.Runtime.Serialization;

/// <summary>List&lt;T&gt;: a region holding the count and then each element.</summary>
internal sealed class ListCodec<T>(ICodecProvider provider) : IFieldCodec<List<T>>, IDeepCopier<List<T>>
{
    private readonly IFieldCodec<T> _element = provider.GetCodec<T>();
    private readonly IDeepCopier<T> _copier = provider.GetCopier<T>();

    public Type ValueType => typeof(List<T>);

    public WireType WireType => WireType.LengthDelimited;

    public void Write(GrainWriter writer, List<T> value)
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

    public List<T> Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null!;
        }

        var count = reader.ReadCollectionCount($"List<{typeof(T).Name}>", WireSizes.Minimum(_element.WireType));
        var result = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            result.Add(_element.Read(ref reader));
        }

        reader.ExitRegion(outer);
        return result;
    }

    public List<T> DeepCopy(List<T> value, CopyContext context)
    {
        if (value is null)
        {
            return null!;
        }

        if (_copier is IdentityCopier<T>)
        {
            return [.. value];
        }

        context.Enter();
        var result = new List<T>(value.Count);
        foreach (var item in value)
        {
            result.Add(_copier.DeepCopy(item, context));
        }

        context.Exit();
        return result;
    }
}
