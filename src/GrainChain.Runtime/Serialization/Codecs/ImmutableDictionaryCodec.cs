using System.Collections.Immutable;

namespace GrainChain.Runtime.Serialization;

/// <summary>ImmutableDictionary&lt;K,V&gt; with default comparers on read; repeated or null keys are malformed input.</summary>
internal sealed class ImmutableDictionaryCodec<TKey, TValue>(ICodecProvider provider)
    : IFieldCodec<ImmutableDictionary<TKey, TValue>>, IDeepCopier<ImmutableDictionary<TKey, TValue>>, IConditionallyImmutable
    where TKey : notnull
{
    private readonly IFieldCodec<TKey> _key = provider.GetCodec<TKey>();
    private readonly IFieldCodec<TValue> _value = provider.GetCodec<TValue>();
    private readonly IDeepCopier<TKey> _keyCopier = provider.GetCopier<TKey>();
    private readonly IDeepCopier<TValue> _valueCopier = provider.GetCopier<TValue>();

    public Type ValueType => typeof(ImmutableDictionary<TKey, TValue>);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _keyCopier is IdentityCopier<TKey> && _valueCopier is IdentityCopier<TValue>;

    public void Write(GrainWriter writer, ImmutableDictionary<TKey, TValue> value)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        var start = writer.BeginRegion();
        writer.WriteVarUInt32((uint)value.Count);
        foreach (var pair in value)
        {
            _key.Write(writer, pair.Key);
            _value.Write(writer, pair.Value);
        }

        writer.EndRegion(start);
    }

    public ImmutableDictionary<TKey, TValue> Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null!;
        }

        var name = $"ImmutableDictionary<{typeof(TKey).Name}, {typeof(TValue).Name}>";
        var count = reader.ReadCollectionCount(name, WireSizes.Minimum(_key.WireType) + WireSizes.Minimum(_value.WireType));
        var builder = ImmutableDictionary.CreateBuilder<TKey, TValue>();
        for (var i = 0; i < count; i++)
        {
            var key = _key.Read(ref reader) ?? throw new GrainSerializationException($"{name} holds a null key.");
            var value = _value.Read(ref reader);
            if (builder.ContainsKey(key))
            {
                throw new GrainSerializationException($"{name} holds a repeated key.");
            }

            builder.Add(key, value);
        }

        reader.ExitRegion(outer);
        return builder.ToImmutable();
    }

    public ImmutableDictionary<TKey, TValue> DeepCopy(ImmutableDictionary<TKey, TValue> value, CopyContext context)
    {
        if (value is null || IsImmutable)
        {
            return value!;
        }

        context.Enter();
        var builder = ImmutableDictionary.CreateBuilder<TKey, TValue>(value.KeyComparer, value.ValueComparer);
        foreach (var pair in value)
        {
            builder.Add(_keyCopier.DeepCopy(pair.Key, context), _valueCopier.DeepCopy(pair.Value, context));
        }

        context.Exit();
        return builder.ToImmutable();
    }
}
