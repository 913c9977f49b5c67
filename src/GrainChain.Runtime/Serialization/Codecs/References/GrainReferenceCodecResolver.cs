using GrainChain.Runtime.Invocation;

namespace GrainChain.Runtime.Serialization;

/// <summary>
/// Supplies <see cref="GrainReferenceCodec{T}"/> for every grain interface (anything extending
/// <see cref="IAddressable"/>, including <see cref="IGrain"/> itself) and every <see cref="GrainReference"/> class.
/// The activator is asked for only when the first reference is read: the serializer is built before the runtime
/// that the activator needs.
/// </summary>
public sealed class GrainReferenceCodecResolver : ICodecResolver
{
    private readonly Lazy<GrainReferenceActivator> _activator;

    public GrainReferenceCodecResolver(Func<GrainReferenceActivator> activator)
    {
        ArgumentNullException.ThrowIfNull(activator);
        _activator = new Lazy<GrainReferenceActivator>(activator, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>True for the static types whose values are grain references.</summary>
    public static bool IsGrainReferenceType(Type type) =>
        type.IsInterface ? typeof(IAddressable).IsAssignableFrom(type) : typeof(GrainReference).IsAssignableFrom(type);

    public bool TryCreateCodec<T>(ICodecProvider provider, out IFieldCodec<T>? codec)
    {
        codec = IsGrainReferenceType(typeof(T)) ? (IFieldCodec<T>)Create(typeof(T)) : null;
        return codec is not null;
    }

    public bool TryCreateCopier<T>(ICodecProvider provider, out IDeepCopier<T>? copier)
    {
        copier = IsGrainReferenceType(typeof(T)) ? IdentityCopier<T>.Instance : null;
        return copier is not null;
    }

    // Once per type, at resolution: T is a reference type here, which the generic constraint cannot express.
    private object Create(Type type) =>
        Activator.CreateInstance(typeof(GrainReferenceCodec<>).MakeGenericType(type), (Func<GrainReferenceActivator>)(() => _activator.Value))!;
}
