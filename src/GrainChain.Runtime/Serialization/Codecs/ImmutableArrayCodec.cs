using System.Collections.Immutable;

namespace GrainChain.Runtime.Serialization;

/// <summary>ImmutableArray&lt;T&gt;; the default (uninitialised) array travels as null.</summary>
internal sealed class ImmutableArrayCodec<T>(ICodecProvider provider) : IFieldCodec<ImmutableArray<T>>, IDeepCopier<ImmutableArray<T>>, IConditionallyImmutable
{
    private readonly IFieldCodec<T> _element = provider.GetCodec<T>();
    private readonly IDeepCopier<T> _copier = provider.GetCopier<T>();

    public Type ValueType => typeof(ImmutableArray<T>);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _copier is IdentityCopier<T>;

    public void Write(GrainWriter writer, ImmutableArray<T> value)
    {
        if (value.IsDefault)
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

    public ImmutableArray<T> Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return default;
        }

        var count = reader.ReadCollectionCount($"ImmutableArray<{typeof(T).Name}>", WireSizes.Minimum(_element.WireType));
        var builder = ImmutableArray.CreateBuilder<T>(count);
        for (var i = 0; i < count; i++)
        {
            builder.Add(_element.Read(ref reader));
        }

        reader.ExitRegion(outer);
        return builder.MoveToImmutable();
    }

    public ImmutableArray<T> DeepCopy(ImmutableArray<T> value, CopyContext context)
    {
        if (value.IsDefault || IsImmutable)
        {
            return value;
        }

        context.Enter();
        var builder = ImmutableArray.CreateBuilder<T>(value.Length);
        foreach (var item in value)
        {
            builder.Add(_copier.DeepCopy(item, context));
        }

        context.Exit();
        return builder.MoveToImmutable();
    }
}
