using System.Collections.Concurrent;

namespace GrainChain.Runtime.Serialization;

/// <summary>
/// Type ids on the wire: a type's alias, followed for generic types and arrays by the ids of their arguments.
/// Reading resolves only aliases of registered types and built-in generic definitions, so the bytes can never
/// make the reader load or construct an arbitrary type.
/// </summary>
internal sealed class TypeCatalog
{
    private const int MaxTypeIdDepth = 8;
    private const int MaxAliasBytes = 512;

    // Every constructed type gets codecs cached for the serializer's lifetime, so the set that untrusted bytes may
    // make us build is bounded; legitimate traffic uses a handful.
    private const int MaxConstructedTypes = 1024;

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly IReadOnlyDictionary<string, Type> _registeredByAlias;
    private readonly IReadOnlyDictionary<Type, string> _registeredAliases;
    private readonly ConcurrentDictionary<Type, byte[]> _encodedIds = new();
    private readonly ConcurrentDictionary<Type, byte> _constructedFromWire = new();

    public TypeCatalog(IReadOnlyDictionary<Type, string> registeredAliases)
    {
        _registeredAliases = registeredAliases;
        _registeredByAlias = registeredAliases.ToDictionary(static p => p.Value, static p => p.Key, StringComparer.Ordinal);
    }

    public void WriteTypeId(GrainWriter writer, Type type)
    {
        if (!_encodedIds.TryGetValue(type, out var encoded))
        {
            var scratch = new GrainWriter(writer.Codecs, MaxTypeIdDepth + 1, 64);
            try
            {
                Encode(scratch, type, 0);
                encoded = scratch.WrittenSpan.ToArray();
            }
            finally
            {
                scratch.ReturnBuffer();
            }

            _encodedIds.TryAdd(type, encoded);
        }

        writer.WriteBytes(encoded);
    }

    private void Encode(GrainWriter writer, Type type, int depth)
    {
        if (depth > MaxTypeIdDepth)
        {
            throw new GrainSerializationException($"Type {TypeDisplay.Of(type)} nests too deeply to be named on the wire.");
        }

        if (typeof(Exception).IsAssignableFrom(type))
        {
            writer.WriteString(BuiltInCodecs.ExceptionAlias);
        }
        else if (typeof(Invocation.GrainReference).IsAssignableFrom(type))
        {
            // Proxy classes are generated per assembly and never named on the wire.
            writer.WriteString(BuiltInCodecs.GrainReferenceAlias);
        }
        else if (TryGetAlias(type, out var alias))
        {
            writer.WriteString(alias);
        }
        else if (type.IsSZArray)
        {
            writer.WriteString(BuiltInCodecs.ArrayAlias);
            Encode(writer, type.GetElementType()!, depth + 1);
        }
        else if (type.IsConstructedGenericType && TryGetAlias(type.GetGenericTypeDefinition(), out var definition))
        {
            writer.WriteString(definition);
            foreach (var argument in type.GetGenericArguments())
            {
                Encode(writer, argument, depth + 1);
            }
        }
        else
        {
            throw new GrainSerializationException(
                $"Type {TypeDisplay.Of(type)} cannot be named on the wire: mark it [GenerateSerializer] or register a codec for it.");
        }
    }

    private bool TryGetAlias(Type type, out string alias) =>
        _registeredAliases.TryGetValue(type, out alias!)
        || BuiltInCodecs.TryGetAlias(type, out alias)
        || GeneratedCodecs.TryGet(type, out var entry) && (alias = entry.Alias) is not null;

    public Type ReadTypeId(ref GrainReader reader) => Decode(ref reader, 0);

    private Type Decode(ref GrainReader reader, int depth)
    {
        if (depth > MaxTypeIdDepth)
        {
            throw new GrainSerializationException("Type id nests too deeply.");
        }

        var prefix = reader.ReadVarUInt32();
        if (prefix == 0 || prefix - 1 > MaxAliasBytes)
        {
            throw new GrainSerializationException($"Malformed type alias (length prefix {prefix}).");
        }

        var alias = DecodeAlias(reader.ReadBytes((int)prefix - 1));
        if (alias == BuiltInCodecs.ArrayAlias)
        {
            return Constructed(Decode(ref reader, depth + 1).MakeArrayType());
        }

        if (!_registeredByAlias.TryGetValue(alias, out var type)
            && !BuiltInCodecs.ByAlias.TryGetValue(alias, out type)
            && !GeneratedCodecs.TryResolveAlias(alias, out type))
        {
            throw new GrainSerializationException($"Unknown type alias '{alias}': the type is not registered for serialization.");
        }

        if (!type.IsGenericTypeDefinition)
        {
            return type;
        }

        var arguments = new Type[type.GetGenericArguments().Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Decode(ref reader, depth + 1);
        }

        try
        {
            return Constructed(type.MakeGenericType(arguments));
        }
        catch (ArgumentException e)
        {
            throw new GrainSerializationException($"Type arguments do not fit generic type '{alias}'.", e);
        }
    }

    private Type Constructed(Type type)
    {
        if (!_constructedFromWire.ContainsKey(type))
        {
            if (_constructedFromWire.Count >= MaxConstructedTypes)
            {
                throw new GrainSerializationException($"Data names more than {MaxConstructedTypes} distinct generic or array types.");
            }

            _constructedFromWire.TryAdd(type, 0);
        }

        return type;
    }

    private static string DecodeAlias(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new GrainSerializationException("Type alias is not valid UTF-8.", e);
        }
    }
}
