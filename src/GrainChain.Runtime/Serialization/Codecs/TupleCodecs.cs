namespace GrainChain.Runtime.Serialization;

/// <summary>Tuple&lt;T1, T2&gt; as a region holding each component in order.</summary>
internal sealed class TupleCodec<T1, T2>(ICodecProvider provider) : IFieldCodec<Tuple<T1, T2>>, IDeepCopier<Tuple<T1, T2>>, IConditionallyImmutable
{
    private readonly IFieldCodec<T1> _c0 = provider.GetCodec<T1>();
    private readonly IDeepCopier<T1> _k0 = provider.GetCopier<T1>();
    private readonly IFieldCodec<T2> _c1 = provider.GetCodec<T2>();
    private readonly IDeepCopier<T2> _k1 = provider.GetCopier<T2>();

    public Type ValueType => typeof(Tuple<T1, T2>);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _k0 is IdentityCopier<T1> && _k1 is IdentityCopier<T2>;

    public void Write(GrainWriter writer, Tuple<T1, T2> value)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        var start = writer.BeginRegion();
        _c0.Write(writer, value.Item1);
        _c1.Write(writer, value.Item2);
        writer.EndRegion(start);
    }

    public Tuple<T1, T2> Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null!;
        }
        var v0 = _c0.Read(ref reader);
        var v1 = _c1.Read(ref reader);
        reader.ExitRegion(outer);
        return new Tuple<T1, T2>(v0, v1);
    }

    public Tuple<T1, T2> DeepCopy(Tuple<T1, T2> value, CopyContext context)
    {
        if (value is null || IsImmutable)
        {
            return value!;
        }

        return new Tuple<T1, T2>(_k0.DeepCopy(value.Item1, context), _k1.DeepCopy(value.Item2, context));
    }
}

/// <summary>Tuple&lt;T1, T2, T3&gt; as a region holding each component in order.</summary>
internal sealed class TupleCodec<T1, T2, T3>(ICodecProvider provider) : IFieldCodec<Tuple<T1, T2, T3>>, IDeepCopier<Tuple<T1, T2, T3>>, IConditionallyImmutable
{
    private readonly IFieldCodec<T1> _c0 = provider.GetCodec<T1>();
    private readonly IDeepCopier<T1> _k0 = provider.GetCopier<T1>();
    private readonly IFieldCodec<T2> _c1 = provider.GetCodec<T2>();
    private readonly IDeepCopier<T2> _k1 = provider.GetCopier<T2>();
    private readonly IFieldCodec<T3> _c2 = provider.GetCodec<T3>();
    private readonly IDeepCopier<T3> _k2 = provider.GetCopier<T3>();

    public Type ValueType => typeof(Tuple<T1, T2, T3>);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _k0 is IdentityCopier<T1> && _k1 is IdentityCopier<T2> && _k2 is IdentityCopier<T3>;

    public void Write(GrainWriter writer, Tuple<T1, T2, T3> value)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        var start = writer.BeginRegion();
        _c0.Write(writer, value.Item1);
        _c1.Write(writer, value.Item2);
        _c2.Write(writer, value.Item3);
        writer.EndRegion(start);
    }

    public Tuple<T1, T2, T3> Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null!;
        }
        var v0 = _c0.Read(ref reader);
        var v1 = _c1.Read(ref reader);
        var v2 = _c2.Read(ref reader);
        reader.ExitRegion(outer);
        return new Tuple<T1, T2, T3>(v0, v1, v2);
    }

    public Tuple<T1, T2, T3> DeepCopy(Tuple<T1, T2, T3> value, CopyContext context)
    {
        if (value is null || IsImmutable)
        {
            return value!;
        }

        return new Tuple<T1, T2, T3>(_k0.DeepCopy(value.Item1, context), _k1.DeepCopy(value.Item2, context), _k2.DeepCopy(value.Item3, context));
    }
}

/// <summary>Tuple&lt;T1, T2, T3, T4&gt; as a region holding each component in order.</summary>
internal sealed class TupleCodec<T1, T2, T3, T4>(ICodecProvider provider) : IFieldCodec<Tuple<T1, T2, T3, T4>>, IDeepCopier<Tuple<T1, T2, T3, T4>>, IConditionallyImmutable
{
    private readonly IFieldCodec<T1> _c0 = provider.GetCodec<T1>();
    private readonly IDeepCopier<T1> _k0 = provider.GetCopier<T1>();
    private readonly IFieldCodec<T2> _c1 = provider.GetCodec<T2>();
    private readonly IDeepCopier<T2> _k1 = provider.GetCopier<T2>();
    private readonly IFieldCodec<T3> _c2 = provider.GetCodec<T3>();
    private readonly IDeepCopier<T3> _k2 = provider.GetCopier<T3>();
    private readonly IFieldCodec<T4> _c3 = provider.GetCodec<T4>();
    private readonly IDeepCopier<T4> _k3 = provider.GetCopier<T4>();

    public Type ValueType => typeof(Tuple<T1, T2, T3, T4>);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _k0 is IdentityCopier<T1> && _k1 is IdentityCopier<T2> && _k2 is IdentityCopier<T3> && _k3 is IdentityCopier<T4>;

    public void Write(GrainWriter writer, Tuple<T1, T2, T3, T4> value)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        var start = writer.BeginRegion();
        _c0.Write(writer, value.Item1);
        _c1.Write(writer, value.Item2);
        _c2.Write(writer, value.Item3);
        _c3.Write(writer, value.Item4);
        writer.EndRegion(start);
    }

    public Tuple<T1, T2, T3, T4> Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null!;
        }
        var v0 = _c0.Read(ref reader);
        var v1 = _c1.Read(ref reader);
        var v2 = _c2.Read(ref reader);
        var v3 = _c3.Read(ref reader);
        reader.ExitRegion(outer);
        return new Tuple<T1, T2, T3, T4>(v0, v1, v2, v3);
    }

    public Tuple<T1, T2, T3, T4> DeepCopy(Tuple<T1, T2, T3, T4> value, CopyContext context)
    {
        if (value is null || IsImmutable)
        {
            return value!;
        }

        return new Tuple<T1, T2, T3, T4>(_k0.DeepCopy(value.Item1, context), _k1.DeepCopy(value.Item2, context), _k2.DeepCopy(value.Item3, context), _k3.DeepCopy(value.Item4, context));
    }
}
