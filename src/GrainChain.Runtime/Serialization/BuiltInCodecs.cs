using System.Collections.Immutable;

namespace GrainChain.Runtime.Serialization;

/// <summary>
/// The types the serializer knows without registration, with their stable wire aliases. Generic codecs are built
/// with MakeGenericType once per closed type when first asked for, never per value.
/// </summary>
internal static class BuiltInCodecs
{
    private static readonly Dictionary<Type, (string Alias, Func<IFieldCodec> Create)> Closed = new()
    {
        [typeof(bool)] = ("bool", static () => new BooleanCodec()),
        [typeof(byte)] = ("u8", static () => new ByteCodec()),
        [typeof(sbyte)] = ("i8", static () => new SByteCodec()),
        [typeof(short)] = ("i16", static () => new Int16Codec()),
        [typeof(ushort)] = ("u16", static () => new UInt16Codec()),
        [typeof(int)] = ("i32", static () => new Int32Codec()),
        [typeof(uint)] = ("u32", static () => new UInt32Codec()),
        [typeof(long)] = ("i64", static () => new Int64Codec()),
        [typeof(ulong)] = ("u64", static () => new UInt64Codec()),
        [typeof(char)] = ("char", static () => new CharCodec()),
        [typeof(float)] = ("f32", static () => new SingleCodec()),
        [typeof(double)] = ("f64", static () => new DoubleCodec()),
        [typeof(decimal)] = ("decimal", static () => new DecimalCodec()),
        [typeof(string)] = ("string", static () => new StringCodec()),
        [typeof(byte[])] = ("bytes", static () => new ByteArrayCodec()),
        [typeof(ReadOnlyMemory<byte>)] = ("rom-bytes", static () => new ReadOnlyMemoryOfByteCodec()),
        [typeof(Memory<byte>)] = ("mem-bytes", static () => new MemoryOfByteCodec()),
        [typeof(Guid)] = ("guid", static () => new GuidCodec()),
        [typeof(DateTime)] = ("datetime", static () => new DateTimeCodec()),
        [typeof(DateTimeOffset)] = ("datetimeoffset", static () => new DateTimeOffsetCodec()),
        [typeof(TimeSpan)] = ("timespan", static () => new TimeSpanCodec()),
        [typeof(GrainId)] = ("grainid", static () => new GrainIdCodec()),
        [typeof(GrainInterfaceType)] = ("grain-interface", static () => new GrainInterfaceTypeCodec()),
        [typeof(Streams.StreamId)] = ("streamid", static () => new StreamIdCodec()),
        [typeof(Membership.SiloAddress)] = ("silo-address", static () => new GrainDirectory.SiloAddressCodec()),
    };

    private static readonly Dictionary<Type, (string Alias, Type Codec)> Generic = new()
    {
        [typeof(Nullable<>)] = ("nullable", typeof(NullableCodec<>)),
        [typeof(List<>)] = ("list", typeof(ListCodec<>)),
        [typeof(Dictionary<,>)] = ("dict", typeof(DictionaryCodec<,>)),
        [typeof(HashSet<>)] = ("set", typeof(HashSetCodec<>)),
        [typeof(ImmutableArray<>)] = ("imm-array", typeof(ImmutableArrayCodec<>)),
        [typeof(ImmutableList<>)] = ("imm-list", typeof(ImmutableListCodec<>)),
        [typeof(ImmutableDictionary<,>)] = ("imm-dict", typeof(ImmutableDictionaryCodec<,>)),
        [typeof(ImmutableHashSet<>)] = ("imm-set", typeof(ImmutableHashSetCodec<>)),
        [typeof(KeyValuePair<,>)] = ("kvp", typeof(KeyValuePairCodec<,>)),
        [typeof(ValueTuple<,>)] = ("vtuple2", typeof(ValueTupleCodec<,>)),
        [typeof(ValueTuple<,,>)] = ("vtuple3", typeof(ValueTupleCodec<,,>)),
        [typeof(ValueTuple<,,,>)] = ("vtuple4", typeof(ValueTupleCodec<,,,>)),
        [typeof(Tuple<,>)] = ("tuple2", typeof(TupleCodec<,>)),
        [typeof(Tuple<,,>)] = ("tuple3", typeof(TupleCodec<,,>)),
        [typeof(Tuple<,,,>)] = ("tuple4", typeof(TupleCodec<,,,>)),
    };

    /// <summary>Alias of arrays: followed on the wire by the element type's id.</summary>
    public const string ArrayAlias = "[]";

    /// <summary>Alias of every exception type: the exception codec carries the real type name itself.</summary>
    public const string ExceptionAlias = "exception";

    /// <summary>Alias of every grain reference class: the reference itself names its interface, and the reader builds its own proxy.</summary>
    public const string GrainReferenceAlias = "grain-ref";

    public static readonly IReadOnlyDictionary<string, Type> ByAlias =
        Closed.Select(static p => KeyValuePair.Create(p.Value.Alias, p.Key))
            .Concat(Generic.Select(static p => KeyValuePair.Create(p.Value.Alias, p.Key)))
            .Append(KeyValuePair.Create(ExceptionAlias, typeof(Exception)))
            .Append(KeyValuePair.Create(GrainReferenceAlias, typeof(Invocation.GrainReference)))
            .ToDictionary(StringComparer.Ordinal);

    public static bool TryGetAlias(Type type, out string alias)
    {
        if (Closed.TryGetValue(type, out var closed))
        {
            alias = closed.Alias;
            return true;
        }

        if (Generic.TryGetValue(type, out var generic))
        {
            alias = generic.Alias;
            return true;
        }

        alias = null!;
        return false;
    }

    /// <summary>True when a built-in codec exists for exactly this type.</summary>
    public static bool Handles(Type type) =>
        Closed.ContainsKey(type) || type.IsEnum || type.IsSZArray
        || type.IsConstructedGenericType && Generic.ContainsKey(type.GetGenericTypeDefinition());

    public static IFieldCodec? TryCreate(Type type, ICodecProvider provider)
    {
        if (Closed.TryGetValue(type, out var closed))
        {
            return closed.Create();
        }

        Type? codecType = null;
        if (type.IsEnum)
        {
            codecType = typeof(EnumCodec<>).MakeGenericType(type);
            return (IFieldCodec)Activator.CreateInstance(codecType)!;
        }

        if (type.IsSZArray)
        {
            codecType = typeof(ArrayCodec<>).MakeGenericType(type.GetElementType()!);
        }
        else if (type.IsConstructedGenericType && Generic.TryGetValue(type.GetGenericTypeDefinition(), out var generic))
        {
            codecType = generic.Codec.MakeGenericType(type.GetGenericArguments());
        }

        return codecType is null ? null : (IFieldCodec)Activator.CreateInstance(codecType, provider)!;
    }
}
