namespace GrainChain.Runtime.Serialization;

/// <summary>KeyValuePair&lt;TKey, TValue&gt; as a region holding key then value (the components as in a 2-tuple).</summary>
internal sealed class KeyValuePairCodec<TKey, TValue>(ICodecProvider provider) : IFieldCodec<KeyValuePair<TKey, TValue>>, IDeepCopier<KeyValuePair<TKey, TValue>>, IConditionallyImmutable
{
    private readonly ValueTupleCodec<TKey, TValue> _components = new(provider);

    public Type ValueType => typeof(KeyValuePair<TKey, TValue>);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _components.IsImmutable;

    public void Write(GrainWriter writer, KeyValuePair<TKey, TValue> value)
    {
        var start = writer.BeginRegion();
        _components.WriteComponents(writer, (value.Key, value.Value));
        writer.EndRegion(start);
    }

    public KeyValuePair<TKey, TValue> Read(ref GrainReader reader)
    {
        var outer = reader.EnterRequiredRegion("KeyValuePair<TKey, TValue>");
        var (key, value) = _components.ReadComponents(ref reader);
        reader.ExitRegion(outer);
        return new KeyValuePair<TKey, TValue>(key, value);
    }

    public KeyValuePair<TKey, TValue> DeepCopy(KeyValuePair<TKey, TValue> value, CopyContext context)
    {
        if (IsImmutable) return value;
        var (key, copied) = _components.CopyComponents((value.Key, value.Value), context);
        return new KeyValuePair<TKey, TValue>(key, copied);
    }
}
