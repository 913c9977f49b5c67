using System.Collections.Immutable;

namespace GrainChain.Runtime.Serialization;

internal sealed class ImmutableListCodec<T>(ICodecProvider provider) : IFieldCodec<ImmutableList<T>>, IDeepCopier<ImmutableList<T>>, IConditionallyImmutable
{
    private readonly IFieldCodec<T> _element = provider.GetCodec<T>();
    private readonly IDeepCopier<T> _copier = provider.GetCopier<T>();

    public Type ValueType => typeof(ImmutableList<T>);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _copier is IdentityCopier<T>;

    public void Write(GrainWriter writer, ImmutableList<T> value)
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

    public ImmutableList<T> Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null!;
        }

        var count = reader.ReadCollectionCount($"ImmutableList<{typeof(T).Name}>", WireSizes.Minimum(_element.WireType));
        var builder = ImmutableList.CreateBuilder<T>();
        for (var i = 0; i < count; i++)
        {
            builder.Add(_element.Read(ref reader));
        }

        reader.ExitRegion(outer);
        return builder.ToImmutable();
    }

    public ImmutableList<T> DeepCopy(ImmutableList<T> value, CopyContext context)
    {
        if (value is null || IsImmutable)
        {
            return value!;
        }

        context.Enter();
        var builder = ImmutableList.CreateBuilder<T>();
        foreach (var item in value)
        {
            builder.Add(_copier.DeepCopy(item, context));
        }

        context.Exit();
        return builder.ToImmutable();
    }
}
