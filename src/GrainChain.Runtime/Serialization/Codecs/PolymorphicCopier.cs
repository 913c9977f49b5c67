namespace GrainChain.Runtime.Serialization;

/// <summary>Copies values whose static type is a base type by the copier of their runtime type.</summary>
internal sealed class PolymorphicCopier<T>(CodecRegistry registry, IDeepCopier<T>? exact) : IDeepCopier<T>
{
    public T DeepCopy(T value, CopyContext context)
    {
        if (value is null)
        {
            return value;
        }

        var type = value.GetType();
        return type == typeof(T) && exact is not null
            ? exact.DeepCopy(value, context)
            : (T)registry.GetBoxedCodec(type).CopyBoxed(value, context);
    }
}
