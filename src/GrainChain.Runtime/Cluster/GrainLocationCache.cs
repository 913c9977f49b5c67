using System.Collections.Concurrent;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Cluster;

/// <summary>
/// Where this silo last learned each remote grain lives, so a call costs a directory lookup only the first time.
/// Entries are hints: a stale one is corrected by the target's rejection or by a membership change. Bounded: when
/// full, the cache is cleared rather than grown (lookups refill it).
/// </summary>
internal sealed class GrainLocationCache(int capacity = 1 << 20)
{
    private readonly ConcurrentDictionary<GrainId, SiloAddress> _locations = new();

    public int Count => _locations.Count;

    public bool TryGet(GrainId grainId, out SiloAddress silo) => _locations.TryGetValue(grainId, out silo!);

    public void Set(GrainId grainId, SiloAddress silo)
    {
        if (_locations.Count >= capacity)
        {
            _locations.Clear();
        }
        _locations[grainId] = silo;
    }

    public void Remove(GrainId grainId) => _locations.TryRemove(grainId, out _);

    /// <summary>Forgets the entry only if it still names <paramref name="silo"/>.</summary>
    public void Remove(GrainId grainId, SiloAddress silo) => _locations.TryRemove(new KeyValuePair<GrainId, SiloAddress>(grainId, silo));

    /// <summary>Forgets every grain on silos the view no longer lists as Active.</summary>
    public void Prune(MembershipView view)
    {
        foreach (var (grainId, silo) in _locations)
        {
            if (!view.IsActive(silo))
            {
                Remove(grainId, silo);
            }
        }
    }
}
