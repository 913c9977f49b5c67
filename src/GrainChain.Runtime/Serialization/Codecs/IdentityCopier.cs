namespace GrainChain.Runtime.Serialization;

/// <summary>The copier of immutable types: the copy is the value itself.</summary>
public sealed class IdentityCopier<T> : IDeepCopier<T>
{
    public static IdentityCopier<T> Instance { get; } = new();

    private IdentityCopier() { }

    public T DeepCopy(T value, CopyContext context) => value;
}
