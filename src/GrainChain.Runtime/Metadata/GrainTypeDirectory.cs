using System.Collections.Concurrent;
using System.Collections.Frozen;
using GrainChain.Runtime.Invocation;

namespace GrainChain.Runtime.Metadata;

/// <summary>
/// Everything the runtime knows about grain types, built once from the generated registries: grain type to class,
/// interface to metadata, and which class serves an interface; and for calls arriving from other silos, interface
/// id to interface and (interface id, method id) to a factory of empty requests.
/// </summary>
internal sealed class GrainTypeDirectory
{
    private readonly FrozenDictionary<Type, GrainInterfaceMetadata> _interfaces;
    private readonly FrozenDictionary<string, GrainInterfaceMetadata> _interfacesByName;
    private readonly FrozenDictionary<GrainType, GrainClassMetadata> _classes;
    private readonly FrozenDictionary<uint, GrainInterfaceMetadata> _interfacesById;
    private readonly FrozenDictionary<ulong, Func<GrainRequest>> _requestFactories;
    private readonly ConcurrentDictionary<(Type Interface, string? Prefix), GrainClassMetadata> _resolved = new();

    public GrainTypeDirectory(IEnumerable<IGrainRegistry> registries)
    {
        var builder = new GrainRegistryBuilder();
        foreach (var registry in registries)
        {
            registry.Register(builder);
        }

        var interfaces = new Dictionary<Type, GrainInterfaceMetadata>();
        foreach (var metadata in builder.Interfaces)
        {
            interfaces.TryAdd(metadata.InterfaceType, metadata);
        }

        var classes = new Dictionary<GrainType, GrainClassMetadata>();
        foreach (var metadata in builder.Classes)
        {
            if (classes.TryGetValue(metadata.GrainType, out var existing) && existing.ClassType != metadata.ClassType)
            {
                throw new InvalidOperationException(
                    $"Grain classes {existing.ClassType} and {metadata.ClassType} both have grain type '{metadata.GrainType}'. " +
                    "Give one of them another name with [GrainType(\"...\")].");
            }
            classes[metadata.GrainType] = metadata;
        }

        _interfaces = interfaces.ToFrozenDictionary();
        _interfacesByName = interfaces.Values.ToFrozenDictionary(m => m.Name.Name, StringComparer.Ordinal);
        _classes = classes.ToFrozenDictionary();

        InterfaceIdCollisions.Check(interfaces.Values, builder.RequestFactories);
        _interfacesById = interfaces.Values
            .GroupBy(m => m.InterfaceId)
            .ToFrozenDictionary(g => g.Key, g => g.First());
        var factories = new Dictionary<ulong, Func<GrainRequest>>();
        foreach (var factory in builder.RequestFactories)
        {
            // A method inherited by several interfaces is declared by each of their proxies; all make the same request.
            factories.TryAdd(GrainRequestFactory.Key(factory.InterfaceId, factory.MethodId), factory.Create);
        }
        _requestFactories = factories.ToFrozenDictionary();
    }

    /// <summary>The interface with this wire id.</summary>
    public bool TryGetInterface(uint interfaceId, out GrainInterfaceMetadata metadata) =>
        _interfacesById.TryGetValue(interfaceId, out metadata!);

    /// <summary>
    /// Rents an empty request for method <paramref name="methodId"/> of the interface with wire id
    /// <paramref name="interfaceId"/>, to fill from a request frame; false when this silo knows no such method.
    /// </summary>
    public bool TryCreateRequest(uint interfaceId, ushort methodId, out GrainRequest request)
    {
        if (_requestFactories.TryGetValue(GrainRequestFactory.Key(interfaceId, methodId), out var factory))
        {
            request = factory();
            return true;
        }
        request = null!;
        return false;
    }

    public int ClassCount => _classes.Count;

    /// <summary>Every registered grain class (read at startup, for example for implicit stream subscriptions).</summary>
    public IEnumerable<GrainClassMetadata> Classes => _classes.Values;

    public int InterfaceCount => _interfaces.Count;

    public GrainInterfaceMetadata GetInterface(Type interfaceType) =>
        _interfaces.TryGetValue(interfaceType, out var metadata)
            ? metadata
            : throw new ArgumentException(
                $"{interfaceType} is not a known grain interface. Grain interfaces extend a key interface such as IGrainWithStringKey " +
                "and are compiled with GrainChain's code generator.", nameof(interfaceType));

    public GrainInterfaceMetadata GetInterface(GrainInterfaceType name) =>
        _interfacesByName.TryGetValue(name.Name, out var metadata)
            ? metadata
            : throw new ArgumentException($"'{name}' is not a known grain interface.", nameof(name));

    public bool TryGetClass(GrainType grainType, out GrainClassMetadata metadata) => _classes.TryGetValue(grainType, out metadata!);

    /// <summary>The one grain class implementing the interface (narrowed by a class name prefix when several do).</summary>
    public GrainClassMetadata ResolveClass(Type interfaceType, string? grainClassNamePrefix) =>
        _resolved.GetOrAdd((interfaceType, grainClassNamePrefix), static (key, self) => self.FindClass(key.Interface, key.Prefix), this);

    private GrainClassMetadata FindClass(Type interfaceType, string? prefix)
    {
        var candidates = _classes.Values
            .Where(c => c.Interfaces.Contains(interfaceType))
            .Where(c => prefix is null || c.ClassType.FullName!.StartsWith(prefix, StringComparison.Ordinal) || c.GrainType.Name == prefix)
            .ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new ArgumentException(
                prefix is null
                    ? $"No grain class implements grain interface {interfaceType}. Is the assembly with the grain class referenced by the silo?"
                    : $"No grain class whose name starts with '{prefix}' implements grain interface {interfaceType}.",
                nameof(interfaceType)),
            _ => throw new ArgumentException(
                $"Several grain classes implement {interfaceType} ({string.Join(", ", candidates.Select(c => c.ClassType.Name))}); " +
                "pass grainClassNamePrefix to choose one.", nameof(interfaceType)),
        };
    }
}
