namespace GrainChain.Runtime.Serialization;

/// <summary>KeyValuePair&lt;TKey, TValue&gt; as a region holding each component in order.</summary>
internal sealed class KeyValuePairCodec<TKey, TValue>(ICodecProvider provider) : IFieldCodec<KeyValuePair<TKey, TValue>>, IDeepCopier<KeyValuePair<TKey, TValue>>, IConditionallyImmutable
{
    private readonly IFieldCodec<TKey> _c0 = provider.GetCodec<TKey>();
    private readonly IDeepCopier<TKey> _k0 = provider.GetCopier<TKey>();
    private readonly IFieldCodec<TValue> _c1 = provider.GetCodec<TValue>();
    private readonly IDeepCopier<TValue> _k1 = provider.GetCopier<TValue>();

    public Type ValueType => typeof(KeyValuePair<TKey, TValue>);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _k0 is IdentityCopier<TKey> && _k1 is IdentityCopier<TValue>;

    public void Write(GrainWriter writer, KeyValuePair<TKey, TValue> value)
    {
        var start = writer.BeginRegion();
        _c0.Write(writer, value.Key);
        _c1.Write(writer, value.Value);
        writer.EndRegion(start);
    }

    public KeyValuePair<TKey, TValue> Read(ref GrainReader reader)
    {
        var outer = reader.EnterRequiredRegion("KeyValuePair<TKey, TValue>");
        var v0 = _c0.Read(ref reader);
        var v1 = _c1.Read(ref reader);
        reader.ExitRegion(outer);
        return new KeyValuePair<TKey, TValue>(v0, v1);
    }

    public KeyValuePair<TKey, TValue> DeepCopy(KeyValuePair<TKey, TValue> value, CopyContext context)
    {
        return IsImmutable ? value : new KeyValuePair<TKey, TValue>(_k0.DeepCopy(value.Key, context), _k1.DeepCopy(value.Value, context));
    }
}
