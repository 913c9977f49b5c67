namespace GrainChain.Runtime.Serialization;

/// <summary>Tuple&lt;T1, T2&gt;: null, or a region holding each component in order (the components as in <see cref="ValueTupleCodec{T1, T2}"/>).</summary>
internal sealed class TupleCodec<T1, T2>(ICodecProvider provider) : IFieldCodec<Tuple<T1, T2>>, IDeepCopier<Tuple<T1, T2>>, IConditionallyImmutable
{
    private readonly ValueTupleCodec<T1, T2> _components = new(provider);

    public Type ValueType => typeof(Tuple<T1, T2>);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _components.IsImmutable;

    public void Write(GrainWriter writer, Tuple<T1, T2> value)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        var start = writer.BeginRegion();
        _components.WriteComponents(writer, new ValueTuple<T1, T2>(value.Item1, value.Item2));
        writer.EndRegion(start);
    }

    public Tuple<T1, T2> Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null!;
        }
        var value = _components.ReadComponents(ref reader);
        reader.ExitRegion(outer);
        return new Tuple<T1, T2>(value.Item1, value.Item2);
    }

    public Tuple<T1, T2> DeepCopy(Tuple<T1, T2> value, CopyContext context)
    {
        if (value is null || IsImmutable)
        {
            return value!;
        }

        var copy = _components.CopyComponents(new ValueTuple<T1, T2>(value.Item1, value.Item2), context);
        return new Tuple<T1, T2>(copy.Item1, copy.Item2);
    }
}

/// <summary>Tuple&lt;T1, T2, T3&gt;: null, or a region holding each component in order (the components as in <see cref="ValueTupleCodec{T1, T2, T3}"/>).</summary>
internal sealed class TupleCodec<T1, T2, T3>(ICodecProvider provider) : IFieldCodec<Tuple<T1, T2, T3>>, IDeepCopier<Tuple<T1, T2, T3>>, IConditionallyImmutable
{
    private readonly ValueTupleCodec<T1, T2, T3> _components = new(provider);

    public Type ValueType => typeof(Tuple<T1, T2, T3>);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _components.IsImmutable;

    public void Write(GrainWriter writer, Tuple<T1, T2, T3> value)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        var start = writer.BeginRegion();
        _components.WriteComponents(writer, new ValueTuple<T1, T2, T3>(value.Item1, value.Item2, value.Item3));
        writer.EndRegion(start);
    }

    public Tuple<T1, T2, T3> Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null!;
        }
        var value = _components.ReadComponents(ref reader);
        reader.ExitRegion(outer);
        return new Tuple<T1, T2, T3>(value.Item1, value.Item2, value.Item3);
    }

    public Tuple<T1, T2, T3> DeepCopy(Tuple<T1, T2, T3> value, CopyContext context)
    {
        if (value is null || IsImmutable)
        {
            return value!;
        }

        var copy = _components.CopyComponents(new ValueTuple<T1, T2, T3>(value.Item1, value.Item2, value.Item3), context);
        return new Tuple<T1, T2, T3>(copy.Item1, copy.Item2, copy.Item3);
    }
}

/// <summary>Tuple&lt;T1, T2, T3, T4&gt;: null, or a region holding each component in order (the components as in <see cref="ValueTupleCodec{T1, T2, T3, T4}"/>).</summary>
internal sealed class TupleCodec<T1, T2, T3, T4>(ICodecProvider provider) : IFieldCodec<Tuple<T1, T2, T3, T4>>, IDeepCopier<Tuple<T1, T2, T3, T4>>, IConditionallyImmutable
{
    private readonly ValueTupleCodec<T1, T2, T3, T4> _components = new(provider);

    public Type ValueType => typeof(Tuple<T1, T2, T3, T4>);

    public WireType WireType => WireType.LengthDelimited;

    public bool IsImmutable => _components.IsImmutable;

    public void Write(GrainWriter writer, Tuple<T1, T2, T3, T4> value)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        var start = writer.BeginRegion();
        _components.WriteComponents(writer, new ValueTuple<T1, T2, T3, T4>(value.Item1, value.Item2, value.Item3, value.Item4));
        writer.EndRegion(start);
    }

    public Tuple<T1, T2, T3, T4> Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null!;
        }
        var value = _components.ReadComponents(ref reader);
        reader.ExitRegion(outer);
        return new Tuple<T1, T2, T3, T4>(value.Item1, value.Item2, value.Item3, value.Item4);
    }

    public Tuple<T1, T2, T3, T4> DeepCopy(Tuple<T1, T2, T3, T4> value, CopyContext context)
    {
        if (value is null || IsImmutable)
        {
            return value!;
        }

        var copy = _components.CopyComponents(new ValueTuple<T1, T2, T3, T4>(value.Item1, value.Item2, value.Item3, value.Item4), context);
        return new Tuple<T1, T2, T3, T4>(copy.Item1, copy.Item2, copy.Item3, copy.Item4);
    }
}
