namespace GrainChain.Runtime.Serialization;

/// <summary>Dictionary&lt;K,V&gt; as a count then key/value pairs; default comparer on read; repeated or null keys are malformed input.</summary>
internal sealed class DictionaryCodec<TKey, TValue>(ICodecProvider provider) : IFieldCodec<Dictionary<TKey, TValue>>, IDeepCopier<Dictionary<TKey, TValue>>
    where TKey : notnull
{
    private readonly IFieldCodec<TKey> _key = provider.GetCodec<TKey>();
    private readonly IFieldCodec<TValue> _value = provider.GetCodec<TValue>();
    private readonly IDeepCopier<TKey> _keyCopier = provider.GetCopier<TKey>();
    private readonly IDeepCopier<TValue> _valueCopier = provider.GetCopier<TValue>();

    public Type ValueType => typeof(Dictionary<TKey, TValue>);

    public WireType WireType => WireType.LengthDelimited;

    public void Write(GrainWriter writer, Dictionary<TKey, TValue> value)
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

    public Dictionary<TKey, TValue> Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null!;
        }

        var name = $"Dictionary<{typeof(TKey).Name}, {typeof(TValue).Name}>";
        var count = reader.ReadCollectionCount(name, WireSizes.Minimum(_key.WireType) + WireSizes.Minimum(_value.WireType));
        var result = new Dictionary<TKey, TValue>(count);
        for (var i = 0; i < count; i++)
        {
            var key = _key.Read(ref reader) ?? throw new GrainSerializationException($"{name} holds a null key.");
            if (!result.TryAdd(key, _value.Read(ref reader)))
            {
                throw new GrainSerializationException($"{name} holds a repeated key.");
            }
        }

        reader.ExitRegion(outer);
        return result;
    }

    public Dictionary<TKey, TValue> DeepCopy(Dictionary<TKey, TValue> value, CopyContext context)
    {
        if (value is null)
        {
            return null!;
        }

        if (_keyCopier is IdentityCopier<TKey> && _valueCopier is IdentityCopier<TValue>)
        {
            return new Dictionary<TKey, TValue>(value, value.Comparer);
        }

        context.Enter();
        var result = new Dictionary<TKey, TValue>(value.Count, value.Comparer);
        foreach (var pair in value)
        {
            result.Add(_keyCopier.DeepCopy(pair.Key, context), _valueCopier.DeepCopy(pair.Value, context));
        }

        context.Exit();
        return result;
    }
}
