using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Cluster;

/// <summary>
/// Grains of the runtime's own that live on one particular silo (the directory partition of silo X): their grain
/// type starts with <c>sys.</c> and their key is the silo's address, so they are never placed, never registered in
/// the directory, and a call to one goes straight to the silo its key names. (Other <c>sys.</c> grains, such as a
/// stream's pub-sub grain, are ordinary grains.)
/// </summary>
internal static class SystemTargetId
{
    public const string TypePrefix = "sys.";

    private static readonly ConcurrentDictionary<string, SiloAddress?> Parsed = new(StringComparer.Ordinal);

    /// <summary>True for a system target: a <c>sys.</c> grain type whose key is a silo address. Other <c>sys.</c> grains are placed like any grain.</summary>
    public static bool IsSystemTarget(GrainId grainId) => TryGetSilo(grainId, out _);

    /// <summary>Separates the silo address from an optional suffix in a system target's key (several targets of one type per silo).</summary>
    public const char SuffixSeparator = '|';

    /// <summary>The grain id of system target <paramref name="grainType"/> on <paramref name="silo"/>.</summary>
    public static GrainId For(string grainType, SiloAddress silo) => new(new GrainType(grainType), silo.ToString());

    /// <summary>The grain id of one of several system targets of <paramref name="grainType"/> on <paramref name="silo"/>.</summary>
    public static GrainId For(string grainType, SiloAddress silo, string suffix) =>
        new(new GrainType(grainType), silo.ToString() + SuffixSeparator + suffix);

    /// <summary>The silo a system target lives on; false for other grains and for system grains not bound to a silo.</summary>
    public static bool TryGetSilo(GrainId grainId, [NotNullWhen(true)] out SiloAddress? silo)
    {
        silo = null;
        if (grainId.IsDefault || !grainId.Type.Name.StartsWith(TypePrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var key = grainId.Key;
        int separator = key.IndexOf(SuffixSeparator);
        if (separator >= 0)
        {
            key = key[..separator];
        }
        if (!Parsed.TryGetValue(key, out silo))
        {
            SiloAddress.TryParse(key, out silo);
            // Bounded: keys come from the wire, and the cache must not become a way to fill a silo's memory.
            if (Parsed.Count < 4096)
            {
                Parsed.TryAdd(key, silo);
            }
        }
        return silo is not null;
    }
}
