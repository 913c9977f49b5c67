using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using GrainChain.Runtime.Metadata;

namespace GrainChain.Runtime.Streams;

/// <summary>
/// Which grain types are implicitly subscribed to which stream namespaces, read once at startup from
/// <see cref="ImplicitStreamSubscriptionAttribute"/> on the registered grain classes.
/// </summary>
internal sealed class ImplicitStreamSubscriptionTable
{
    private readonly FrozenDictionary<string, GrainType[]> _byNamespace;

    public ImplicitStreamSubscriptionTable(GrainTypeDirectory types)
    {
        var byNamespace = new Dictionary<string, List<GrainType>>(StringComparer.Ordinal);
        foreach (var grainClass in types.Classes)
        {
            foreach (var attribute in grainClass.ClassType.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>(inherit: false))
            {
                if (!byNamespace.TryGetValue(attribute.Namespace, out var list))
                {
                    byNamespace[attribute.Namespace] = list = [];
                }
                if (!list.Contains(grainClass.GrainType))
                {
                    list.Add(grainClass.GrainType);
                }
            }
        }
        _byNamespace = byNamespace.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The grain types subscribed to every stream of <paramref name="streamNamespace"/>.</summary>
    public ReadOnlySpan<GrainType> SubscribersOf(string streamNamespace) =>
        _byNamespace.TryGetValue(streamNamespace, out var grainTypes) ? grainTypes : [];

    /// <summary>The implicit subscription of <paramref name="consumer"/> to the stream, if it has one.</summary>
    public Guid? FindSubscription(string providerName, GrainId consumer, StreamId streamId)
    {
        if (!string.Equals(consumer.Key, streamId.Key, StringComparison.Ordinal))
        {
            return null;
        }
        foreach (var grainType in SubscribersOf(streamId.Namespace))
        {
            if (grainType == consumer.Type)
            {
                return SubscriptionId(providerName, grainType, streamId);
            }
        }
        return null;
    }

    /// <summary>
    /// The id of an implicit subscription, derived from provider, grain type and stream so that producer and consumer
    /// agree on it without asking anyone (and so it is the same on every silo and after restarts).
    /// </summary>
    public static Guid SubscriptionId(string providerName, GrainType grainType, StreamId streamId)
    {
        var text = string.Concat("implicit\n", providerName, "\n", grainType.Name, "\n", streamId.ToUnambiguousString());
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return new Guid(hash[..16]);
    }
}
