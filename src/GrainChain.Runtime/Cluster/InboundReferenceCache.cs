using GrainChain.Runtime.Invocation;

namespace GrainChain.Runtime.Cluster;

/// <summary>
/// The grain references inbound calls target, reused per (grain, interface): a busy grain's callers then cost no
/// reference each, and the reused reference keeps its cached activation, so routing skips the catalog. Direct-mapped
/// and shared by every read loop; entries are immutable, so a racing writer only costs a miss.
/// </summary>
internal sealed class InboundReferenceCache
{
    private const int Slots = 4096;
    private readonly Entry?[] _entries = new Entry?[Slots];

    /// <summary>The cached reference, or the one <paramref name="create"/> makes (then cached).</summary>
    public GrainReference GetOrCreate<TState>(GrainId grainId, uint interfaceId, TState state, Func<GrainId, TState, GrainReference> create)
    {
        int slot = HashCode.Combine(grainId, interfaceId) & (Slots - 1);
        if (Volatile.Read(ref _entries[slot]) is { } entry && entry.InterfaceId == interfaceId && entry.GrainId.Equals(grainId))
        {
            return entry.Reference;
        }
        var reference = create(grainId, state);
        Volatile.Write(ref _entries[slot], new Entry(grainId, interfaceId, reference));
        return reference;
    }

    private sealed record Entry(GrainId GrainId, uint InterfaceId, GrainReference Reference);
}
