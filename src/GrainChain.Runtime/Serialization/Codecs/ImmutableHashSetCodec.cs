using System.Collections.Immutable;

namespace GrainChain.Runtime.Serialization;

/// <summary>ImmutableHashSet&lt;T&gt; with the default comparer on read; a repeated element is malformed input.</summary>
internal sealed class ImmutableHashSetCodec<T>(ICodecProvider provider) : IFieldCodec<ImmutableHashSet<T>>, IDeepCopier<ImmutableHashSet<T>>, IConditionallyImmutable
{
    private readonly IFieldCodec<T> _element = provider.GetCodec<T>();
    private readonly IDeepCopier<T> _copier = provider.GetCopier<T>();

    public Type ValueType => typeof(ImmutableHashSet<T>);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _copier is IdentityCopier<T>;

    public void Write(GrainWriter writer, ImmutableHashSet<T> value)
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

    public ImmutableHashSet<T> Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null!;
        }

        var count = reader.ReadCollectionCount($"ImmutableHashSet<{typeof(T).Name}>", WireSizes.Minimum(_element.WireType));
        var builder = ImmutableHashSet.CreateBuilder<T>();
        for (var i = 0; i < count; i++)
        {
            if (!builder.Add(_element.Read(ref reader)))
            {
                throw new GrainSerializationException($"ImmutableHashSet<{typeof(T).Name}> holds a repeated element.");
            }
        }

        reader.ExitRegion(outer);
        return builder.ToImmutable();
    }

    public ImmutableHashSet<T> DeepCopy(ImmutableHashSet<T> value, CopyContext context)
    {
        if (value is null || IsImmutable)
        {
            return value!;
        }

        context.Enter();
        var builder = ImmutableHashSet.CreateBuilder(value.KeyComparer);
        foreach (var item in value)
        {
            builder.Add(_copier.DeepCopy(item, context));
        }

        context.Exit();
        return builder.ToImmutable();
    }
}
