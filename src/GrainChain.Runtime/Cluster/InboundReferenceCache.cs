using GrainChain.Runtime.Invocation;

namespace GrainChain.Runtime.Cluster;

/// <summary>
/// The grain references inbound calls target, reused per (grain, interface): a busy grain's callers then cost no
/// reference each, and the reused reference keeps its cached activation, so routing skips the catalog. Two-way
/// set-associative (see <see cref="Messaging.GrainKeyCache"/>) and shared by every read loop; entries are immutable,
/// so a racing writer only costs a miss. A stale entry holds at most an activation's shell: a deactivated
/// activation lets go of its grain.
/// </summary>
internal sealed class InboundReferenceCache
{
    private const int Sets = 2048;
    private readonly Entry?[] _entries = new Entry?[Sets * 2];

    /// <summary>The cached reference, or the one <paramref name="create"/> makes (then cached).</summary>
    public GrainReference GetOrCreate<TState>(GrainId grainId, uint interfaceId, TState state, Func<GrainId, TState, GrainReference> create)
    {
        int first = (HashCode.Combine(grainId, interfaceId) & (Sets - 1)) * 2;
        var recent = Volatile.Read(ref _entries[first]);
        if (recent is not null && recent.InterfaceId == interfaceId && recent.GrainId.Equals(grainId))
        {
            return recent.Reference;
        }
        if (Volatile.Read(ref _entries[first + 1]) is { } older && older.InterfaceId == interfaceId && older.GrainId.Equals(grainId))
        {
            return older.Reference;
        }
        var reference = create(grainId, state);
        Volatile.Write(ref _entries[first + 1], recent);
        Volatile.Write(ref _entries[first], new Entry(grainId, interfaceId, reference));
        return reference;
    }

    private sealed record Entry(GrainId GrainId, uint InterfaceId, GrainReference Reference);
}
