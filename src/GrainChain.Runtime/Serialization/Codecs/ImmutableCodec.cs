namespace GrainChain.Runtime.Serialization;

/// <summary>Base of codecs for values that never change, whose deep copy is the value itself.</summary>
internal abstract class ImmutableCodec<T> : IFieldCodec<T>, IDeepCopier<T>, IImmutableTypeCodec
{
    public Type ValueType => typeof(T);

    public abstract WireType WireType { get; }

    public abstract void Write(GrainWriter writer, T value);

    public abstract T Read(ref GrainReader reader);

    public T DeepCopy(T value, CopyContext context) => value;
}
