using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace GrainChain.Runtime.Serialization;

/// <summary>
/// Resolves codecs and copiers for one serializer, in this order: hand-written codecs, resolvers, generated codecs,
/// built-in codecs. Resolution happens once per type; the results are cached.
/// </summary>
internal sealed class CodecRegistry : ICodecProvider
{
    private readonly BinaryGrainSerializer _serializer;
    private readonly Dictionary<Type, IFieldCodec> _handWritten = [];
    private readonly IReadOnlyList<ICodecResolver> _resolvers;
    private readonly IReadOnlyDictionary<string, Func<string, Exception?, Exception>> _exceptionFactories;
    private readonly ConcurrentDictionary<Type, object> _codecs = new();
    private readonly ConcurrentDictionary<Type, object> _exactCodecs = new();
    private readonly ConcurrentDictionary<Type, object> _copiers = new();
    private readonly ConcurrentDictionary<Type, object> _exactCopiers = new();
    private readonly ConcurrentDictionary<Type, IBoxedCodec> _boxed = new();

    private static readonly object NoCodec = new();

    private readonly CodecSlots _codecSlots = new();
    private readonly CodecSlots _copierSlots = new();

    public CodecRegistry(BinaryGrainSerializer serializer, SerializerOptions options, IEnumerable<IFieldCodec> codecs, IEnumerable<ICodecResolver> resolvers)
    {
        _serializer = serializer;
        foreach (var codec in options.Codecs.Concat(codecs))
        {
            _handWritten[codec.ValueType] = codec;
        }

        _resolvers = [.. options.Resolvers, .. resolvers];
        _exceptionFactories = options.ExceptionFactories;
        Types = new TypeCatalog(_handWritten.Keys.ToDictionary(static t => t, static t => t.FullName ?? t.Name));
    }

    public TypeCatalog Types { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public IFieldCodec<T> GetCodec<T>() => _codecSlots.Get<T, IFieldCodec<T>>() ?? GetCodecSlow<T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public IDeepCopier<T> GetCopier<T>() => GetCopierEntry<T>().Copier;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public CopierCacheEntry<T> GetCopierEntry<T>() => _copierSlots.Get<T, CopierCacheEntry<T>>() ?? GetCopierSlow<T>();

    private IFieldCodec<T> GetCodecSlow<T>()
    {
        var codec = (IFieldCodec<T>)_codecs.GetOrAdd(typeof(T), static (_, self) => self.CreateCodec<T>(), this);
        _codecSlots.Set<T, IFieldCodec<T>>(codec);
        return codec;
    }

    private CopierCacheEntry<T> GetCopierSlow<T>()
    {
        var copier = (IDeepCopier<T>)_copiers.GetOrAdd(typeof(T), static (_, self) => self.CreateCopier<T>(), this);
        var entry = new CopierCacheEntry<T>(copier, copier is IdentityCopier<T>);
        _copierSlots.Set<T, CopierCacheEntry<T>>(entry);
        return entry;
    }

    /// <summary>The codec of exactly <typeparamref name="T"/>, without the wrapper that handles subtypes; null for abstract types.</summary>
    public IFieldCodec<T>? GetExactCodec<T>()
    {
        var codec = _exactCodecs.GetOrAdd(typeof(T), static (_, self) => (object?)self.CreateExactCodec<T>() ?? NoCodec, this);
        return codec as IFieldCodec<T>;
    }

    public IDeepCopier<T> GetExactCopier<T>() =>
        (IDeepCopier<T>)_exactCopiers.GetOrAdd(typeof(T), static (_, self) => self.CreateExactCopier<T>(), this);

    public IBoxedCodec GetBoxedCodec(Type type) => _boxed.GetOrAdd(type, static (t, self) =>
        (IBoxedCodec)CreateGeneric(typeof(BoxedCodec<>).MakeGenericType(t), self), this);

    public bool TryGetExceptionFactory(string typeName, out Func<string, Exception?, Exception> factory) =>
        _exceptionFactories.TryGetValue(typeName, out factory!) || KnownExceptions.Factories.TryGetValue(typeName, out factory!);

    private IFieldCodec<T> CreateCodec<T>()
    {
        var type = typeof(T);
        if (_handWritten.TryGetValue(type, out var handWritten))
        {
            return AsCodec<T>(handWritten);
        }

        foreach (var resolver in _resolvers)
        {
            if (resolver.TryCreateCodec<T>(this, out var resolved) && resolved is not null)
            {
                return resolved;
            }
        }

        var exact = GetExactCodec<T>();
        // Built-in collections are unsealed but subclassing them for data is rare: they travel as themselves,
        // without the two bytes of subtype marker every value would otherwise pay.
        if (!type.IsValueType && !type.IsSealed && !type.IsArray && !typeof(Exception).IsAssignableFrom(type) && !BuiltInCodecs.Handles(type))
        {
            return new PolymorphicCodec<T>(this, exact);
        }

        return exact ?? throw NotSerializable(type);
    }

    private IFieldCodec<T>? CreateExactCodec<T>()
    {
        var type = typeof(T);
        if (_handWritten.TryGetValue(type, out var handWritten))
        {
            return AsCodec<T>(handWritten);
        }

        if (typeof(Exception).IsAssignableFrom(type))
        {
            return new ExceptionCodec<T>(this);
        }

        foreach (var resolver in _resolvers)
        {
            if (resolver.TryCreateCodec<T>(this, out var resolved) && resolved is not null)
            {
                return resolved;
            }
        }

        if (GeneratedCodecs.TryGet(type, out var generated))
        {
            return ((Func<ICodecProvider, IFieldCodec<T>>)generated.Factory)(this);
        }

        var builtIn = Unwrap(() => BuiltInCodecs.TryCreate(type, this));
        if (builtIn is not null)
        {
            return (IFieldCodec<T>)builtIn;
        }

        return type.IsAbstract || type.IsInterface || type == typeof(object) ? null : throw NotSerializable(type);
    }

    private IDeepCopier<T> CreateCopier<T>()
    {
        foreach (var resolver in _resolvers)
        {
            if (resolver.TryCreateCopier<T>(this, out var resolved) && resolved is not null)
            {
                return resolved;
            }
        }

        var codec = GetCodec<T>();
        if (codec is PolymorphicCodec<T> polymorphic)
        {
            return new PolymorphicCopier<T>(this, polymorphic.Exact is null ? null : GetExactCopier<T>());
        }

        return CopierOf(codec);
    }

    private IDeepCopier<T> CreateExactCopier<T>()
    {
        var codec = GetExactCodec<T>() ?? throw NotSerializable(typeof(T));
        return CopierOf(codec);
    }

    private IDeepCopier<T> CopierOf<T>(IFieldCodec<T> codec) => codec switch
    {
        IImmutableTypeCodec => IdentityCopier<T>.Instance,
        IConditionallyImmutable { IsImmutable: true } => IdentityCopier<T>.Instance,
        IDeepCopier<T> copier => copier,
        _ when typeof(T).IsValueType && !RuntimeHelpers.IsReferenceOrContainsReferences<T>() => IdentityCopier<T>.Instance,
        _ => new RoundTripCopier<T>(_serializer),
    };

    private static IFieldCodec<T> AsCodec<T>(IFieldCodec codec) =>
        codec as IFieldCodec<T> ?? throw new GrainSerializationException($"Codec {codec.GetType()} registered for {TypeDisplay.Of(typeof(T))} does not implement IFieldCodec<{typeof(T).Name}>.");

    private static object CreateGeneric(Type type, object argument) => Unwrap(() => Activator.CreateInstance(type, argument)!);

    private static TResult Unwrap<TResult>(Func<TResult> create)
    {
        try
        {
            return create();
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private static GrainSerializationException NotSerializable(Type type) =>
        new($"Type {TypeDisplay.Of(type)} is not serializable: mark it [GenerateSerializer] or [Immutable], or register a codec for it.");
}
