namespace GrainChain.Runtime.Serialization;

/// <summary>ValueTuple&lt;T1, T2&gt; as a region holding each component in order; the tuple-shaped codecs reuse its components.</summary>
internal sealed class ValueTupleCodec<T1, T2>(ICodecProvider provider) : IFieldCodec<ValueTuple<T1, T2>>, IDeepCopier<ValueTuple<T1, T2>>, IConditionallyImmutable
{
    private readonly IFieldCodec<T1> _c0 = provider.GetCodec<T1>();
    private readonly IDeepCopier<T1> _k0 = provider.GetCopier<T1>();
    private readonly IFieldCodec<T2> _c1 = provider.GetCodec<T2>();
    private readonly IDeepCopier<T2> _k1 = provider.GetCopier<T2>();

    public Type ValueType => typeof(ValueTuple<T1, T2>);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _k0 is IdentityCopier<T1> && _k1 is IdentityCopier<T2>;

    public void Write(GrainWriter writer, ValueTuple<T1, T2> value)
    {
        var start = writer.BeginRegion();
        WriteComponents(writer, value);
        writer.EndRegion(start);
    }

    public ValueTuple<T1, T2> Read(ref GrainReader reader)
    {
        var outer = reader.EnterRequiredRegion("ValueTuple<T1, T2>");
        var value = ReadComponents(ref reader);
        reader.ExitRegion(outer);
        return value;
    }

    public ValueTuple<T1, T2> DeepCopy(ValueTuple<T1, T2> value, CopyContext context) => IsImmutable ? value : CopyComponents(value, context);

    /// <summary>The components in order, inside a region the caller opened.</summary>
    internal void WriteComponents(GrainWriter writer, ValueTuple<T1, T2> value)
    {
        _c0.Write(writer, value.Item1);
        _c1.Write(writer, value.Item2);
    }

    internal ValueTuple<T1, T2> ReadComponents(ref GrainReader reader)
    {
        var v0 = _c0.Read(ref reader);
        var v1 = _c1.Read(ref reader);
        return new ValueTuple<T1, T2>(v0, v1);
    }

    internal ValueTuple<T1, T2> CopyComponents(ValueTuple<T1, T2> value, CopyContext context) => new(_k0.DeepCopy(value.Item1, context), _k1.DeepCopy(value.Item2, context));
}

/// <summary>ValueTuple&lt;T1, T2, T3&gt; as a region holding each component in order; the tuple-shaped codecs reuse its components.</summary>
internal sealed class ValueTupleCodec<T1, T2, T3>(ICodecProvider provider) : IFieldCodec<ValueTuple<T1, T2, T3>>, IDeepCopier<ValueTuple<T1, T2, T3>>, IConditionallyImmutable
{
    private readonly IFieldCodec<T1> _c0 = provider.GetCodec<T1>();
    private readonly IDeepCopier<T1> _k0 = provider.GetCopier<T1>();
    private readonly IFieldCodec<T2> _c1 = provider.GetCodec<T2>();
    private readonly IDeepCopier<T2> _k1 = provider.GetCopier<T2>();
    private readonly IFieldCodec<T3> _c2 = provider.GetCodec<T3>();
    private readonly IDeepCopier<T3> _k2 = provider.GetCopier<T3>();

    public Type ValueType => typeof(ValueTuple<T1, T2, T3>);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _k0 is IdentityCopier<T1> && _k1 is IdentityCopier<T2> && _k2 is IdentityCopier<T3>;

    public void Write(GrainWriter writer, ValueTuple<T1, T2, T3> value)
    {
        var start = writer.BeginRegion();
        WriteComponents(writer, value);
        writer.EndRegion(start);
    }

    public ValueTuple<T1, T2, T3> Read(ref GrainReader reader)
    {
        var outer = reader.EnterRequiredRegion("ValueTuple<T1, T2, T3>");
        var value = ReadComponents(ref reader);
        reader.ExitRegion(outer);
        return value;
    }

    public ValueTuple<T1, T2, T3> DeepCopy(ValueTuple<T1, T2, T3> value, CopyContext context) => IsImmutable ? value : CopyComponents(value, context);

    /// <summary>The components in order, inside a region the caller opened.</summary>
    internal void WriteComponents(GrainWriter writer, ValueTuple<T1, T2, T3> value)
    {
        _c0.Write(writer, value.Item1);
        _c1.Write(writer, value.Item2);
        _c2.Write(writer, value.Item3);
    }

    internal ValueTuple<T1, T2, T3> ReadComponents(ref GrainReader reader)
    {
        var v0 = _c0.Read(ref reader);
        var v1 = _c1.Read(ref reader);
        var v2 = _c2.Read(ref reader);
        return new ValueTuple<T1, T2, T3>(v0, v1, v2);
    }

    internal ValueTuple<T1, T2, T3> CopyComponents(ValueTuple<T1, T2, T3> value, CopyContext context) => new(_k0.DeepCopy(value.Item1, context), _k1.DeepCopy(value.Item2, context), _k2.DeepCopy(value.Item3, context));
}

/// <summary>ValueTuple&lt;T1, T2, T3, T4&gt; as a region holding each component in order; the tuple-shaped codecs reuse its components.</summary>
internal sealed class ValueTupleCodec<T1, T2, T3, T4>(ICodecProvider provider) : IFieldCodec<ValueTuple<T1, T2, T3, T4>>, IDeepCopier<ValueTuple<T1, T2, T3, T4>>, IConditionallyImmutable
{
    private readonly IFieldCodec<T1> _c0 = provider.GetCodec<T1>();
    private readonly IDeepCopier<T1> _k0 = provider.GetCopier<T1>();
    private readonly IFieldCodec<T2> _c1 = provider.GetCodec<T2>();
    private readonly IDeepCopier<T2> _k1 = provider.GetCopier<T2>();
    private readonly IFieldCodec<T3> _c2 = provider.GetCodec<T3>();
    private readonly IDeepCopier<T3> _k2 = provider.GetCopier<T3>();
    private readonly IFieldCodec<T4> _c3 = provider.GetCodec<T4>();
    private readonly IDeepCopier<T4> _k3 = provider.GetCopier<T4>();

    public Type ValueType => typeof(ValueTuple<T1, T2, T3, T4>);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _k0 is IdentityCopier<T1> && _k1 is IdentityCopier<T2> && _k2 is IdentityCopier<T3> && _k3 is IdentityCopier<T4>;

    public void Write(GrainWriter writer, ValueTuple<T1, T2, T3, T4> value)
    {
        var start = writer.BeginRegion();
        WriteComponents(writer, value);
        writer.EndRegion(start);
    }

    public ValueTuple<T1, T2, T3, T4> Read(ref GrainReader reader)
    {
        var outer = reader.EnterRequiredRegion("ValueTuple<T1, T2, T3, T4>");
        var value = ReadComponents(ref reader);
        reader.ExitRegion(outer);
        return value;
    }

    public ValueTuple<T1, T2, T3, T4> DeepCopy(ValueTuple<T1, T2, T3, T4> value, CopyContext context) => IsImmutable ? value : CopyComponents(value, context);

    /// <summary>The components in order, inside a region the caller opened.</summary>
    internal void WriteComponents(GrainWriter writer, ValueTuple<T1, T2, T3, T4> value)
    {
        _c0.Write(writer, value.Item1);
        _c1.Write(writer, value.Item2);
        _c2.Write(writer, value.Item3);
        _c3.Write(writer, value.Item4);
    }

    internal ValueTuple<T1, T2, T3, T4> ReadComponents(ref GrainReader reader)
    {
        var v0 = _c0.Read(ref reader);
        var v1 = _c1.Read(ref reader);
        var v2 = _c2.Read(ref reader);
        var v3 = _c3.Read(ref reader);
        return new ValueTuple<T1, T2, T3, T4>(v0, v1, v2, v3);
    }

    internal ValueTuple<T1, T2, T3, T4> CopyComponents(ValueTuple<T1, T2, T3, T4> value, CopyContext context) => new(_k0.DeepCopy(value.Item1, context), _k1.DeepCopy(value.Item2, context), _k2.DeepCopy(value.Item3, context), _k3.DeepCopy(value.Item4, context));
}
