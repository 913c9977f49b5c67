using System.Collections.Concurrent;
using System.ComponentModel;

namespace GrainChain.Runtime.Serialization;

/// <summary>
/// Where generated module initializers announce their codecs, so a serializer finds a type's codec without scanning
/// assemblies. Entries never change once added, so sharing them between serializers is safe.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedCodecs
{
    private static readonly ConcurrentDictionary<Type, GeneratedCodecEntry> ByType = new();
    private static readonly ConcurrentDictionary<string, Type> ByAlias = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, byte> ConflictingAliases = new(StringComparer.Ordinal);

    /// <summary>Called by generated code for every <see cref="GenerateSerializerAttribute"/> type.</summary>
    public static void Register<T>(string alias, Func<ICodecProvider, IFieldCodec<T>> factory)
    {
        ByType[typeof(T)] = new GeneratedCodecEntry(alias, factory);
        AddAlias(alias, typeof(T));
    }

    /// <summary>Called by generated code for every enum a generated type uses, so the enum can travel in object-typed fields.</summary>
    public static void RegisterEnum<T>(string alias)
        where T : struct, Enum
    {
        ByType.TryAdd(typeof(T), new GeneratedCodecEntry(alias, (Func<ICodecProvider, IFieldCodec<T>>)(static _ => new EnumCodec<T>())));
        AddAlias(alias, typeof(T));
    }

    internal static bool TryGet(Type type, out GeneratedCodecEntry entry) => ByType.TryGetValue(type, out entry!);

    internal static bool TryResolveAlias(string alias, out Type type)
    {
        if (ConflictingAliases.ContainsKey(alias))
        {
            throw new GrainSerializationException($"Type alias '{alias}' is claimed by more than one type.");
        }

        return ByAlias.TryGetValue(alias, out type!);
    }

    private static void AddAlias(string alias, Type type)
    {
        var existing = ByAlias.GetOrAdd(alias, type);
        if (existing != type)
        {
            ConflictingAliases.TryAdd(alias, 0);
        }
    }
}

/// <summary>A generated codec's wire alias and how to build it for one serializer.</summary>
internal sealed record GeneratedCodecEntry(string Alias, Delegate Factory);
