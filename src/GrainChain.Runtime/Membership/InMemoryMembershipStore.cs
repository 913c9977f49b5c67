namespace GrainChain.Runtime.Membership;

/// <summary>
/// The "database" behind <see cref="InMemoryMembershipTable"/>: give one instance to several in-process silos
/// (each with its own table object) and they share one membership view. Holds many clusters apart by id.
/// </summary>
public sealed class InMemoryMembershipStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ClusterRows> _clusters = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="action"/> on the cluster's rows under the store's lock; null rows when the cluster is not initialised.</summary>
    internal T Locked<T>(string clusterId, bool create, Func<ClusterRows?, T> action)
    {
        lock (_gate)
        {
            if (!_clusters.TryGetValue(clusterId, out var rows) && create)
            {
                rows = new ClusterRows { VersionETag = MembershipETag.New() };
                _clusters.Add(clusterId, rows);
            }

            return action(rows);
        }
    }

    internal void Remove(string clusterId)
    {
        lock (_gate)
        {
            _clusters.Remove(clusterId);
        }
    }

    /// <summary>One cluster's version and rows; touched only under the store's lock.</summary>
    internal sealed class ClusterRows
    {
        public long Version { get; set; }

        public long VersionETag { get; set; }

        public Dictionary<SiloAddress, (MembershipEntry Entry, long ETag)> Rows { get; } = [];
    }
}
