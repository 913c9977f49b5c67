namespace GrainChain.Runtime.Serialization;

/// <summary>Limits and registrations for <see cref="BinaryGrainSerializer"/>.</summary>
public sealed class SerializerOptions
{
    private readonly List<IFieldCodec> _codecs = [];
    private readonly List<ICodecResolver> _resolvers = [];
    private readonly Dictionary<string, Func<string, Exception?, Exception>> _exceptionFactories = new(StringComparer.Ordinal);

    /// <summary>Maximum nesting of objects and collections, when writing, copying and reading.</summary>
    public int MaxDepth { get; set; } = 64;

    /// <summary>Maximum elements of one collection accepted when reading.</summary>
    public int MaxCollectionLength { get; set; } = 1 << 20;

    /// <summary>Maximum encoded bytes of one string or byte array accepted when reading.</summary>
    public int MaxByteLength { get; set; } = 16 << 20;

    internal IReadOnlyList<IFieldCodec> Codecs => _codecs;

    internal IReadOnlyList<ICodecResolver> Resolvers => _resolvers;

    internal IReadOnlyDictionary<string, Func<string, Exception?, Exception>> ExceptionFactories => _exceptionFactories;

    /// <summary>Registers a hand-written codec; if it also implements <see cref="IDeepCopier{T}"/> that is its copier.</summary>
    public SerializerOptions AddCodec<T>(IFieldCodec<T> codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        _codecs.Add(codec);
        return this;
    }

    /// <summary>Registers a source of codecs for families of types (for example every grain interface).</summary>
    public SerializerOptions AddResolver(ICodecResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolvers.Add(resolver);
        return this;
    }

    /// <summary>Lets exceptions of this type cross a call as themselves instead of as <see cref="RemoteGrainException"/>.</summary>
    public SerializerOptions AddExceptionType<TException>(Func<string, Exception?, TException> factory)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(factory);
        _exceptionFactories[typeof(TException).FullName!] = factory;
        return this;
    }

    internal SerializerLimits ToLimits()
    {
        if (MaxDepth < 1 || MaxCollectionLength < 0 || MaxByteLength < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SerializerOptions), "Serializer limits must be positive.");
        }

        return new SerializerLimits { MaxDepth = MaxDepth, MaxCollectionLength = MaxCollectionLength, MaxByteLength = MaxByteLength };
    }
}
