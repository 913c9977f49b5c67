namespace GrainChain.Runtime.Membership;

/// <summary>A membership table in process memory, for tests and single-process clusters; share its <see cref="InMemoryMembershipStore"/> between silos.</summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly InMemoryMembershipStore _store;

    public InMemoryMembershipTable(InMemoryMembershipStore store, InMemoryMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _store = store;
        ClusterId = options.ClusterId;
    }

    /// <summary>The cluster this table reads and writes.</summary>
    public string ClusterId { get; }

    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _store.Locked(ClusterId, create: true, static _ => 0);
        return Task.CompletedTask;
    }

    public Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_store.Locked(ClusterId, create: false, cluster => Snapshot(Initialized(cluster), null)));
    }

    public Task<MembershipTableSnapshot> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_store.Locked(ClusterId, create: false, cluster => Snapshot(Initialized(cluster), silo)));
    }

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var stored = Copy(entry);
        return Task.FromResult(_store.Locked(ClusterId, create: false, cluster =>
        {
            var rows = Initialized(cluster);
            if (!VersionMatches(rows, version) || rows.Rows.ContainsKey(stored.Silo))
            {
                return false;
            }

            rows.Rows.Add(stored.Silo, (stored, MembershipETag.New()));
            BumpVersion(rows);
            return true;
        }));
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var stored = Copy(entry);
        return Task.FromResult(_store.Locked(ClusterId, create: false, cluster =>
        {
            var rows = Initialized(cluster);
            if (!VersionMatches(rows, version)
                || !MembershipETag.TryParse(etag, out var expected)
                || !rows.Rows.TryGetValue(stored.Silo, out var current)
                || current.ETag != expected)
            {
                return false;
            }

            rows.Rows[stored.Silo] = (stored, MembershipETag.New());
            BumpVersion(rows);
            return true;
        }));
    }

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        var found = _store.Locked(ClusterId, create: false, cluster =>
        {
            var rows = Initialized(cluster);
            if (!rows.Rows.TryGetValue(entry.Silo, out var current))
            {
                return false;
            }

            rows.Rows[entry.Silo] = (current.Entry with { IAmAliveTime = entry.IAmAliveTime.ToUniversalTime() }, current.ETag);
            return true;
        });
        return found ? Task.CompletedTask : Task.FromException(MissingRow(entry.Silo));
    }

    public Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_store.Locked(ClusterId, create: false, cluster =>
        {
            if (cluster is null)
            {
                return 0;
            }

            var defunct = cluster.Rows.Values
                .Where(row => row.Entry.Status == SiloStatus.Dead && row.Entry.IAmAliveTime < beforeDate)
                .Select(row => row.Entry.Silo)
                .ToList();
            foreach (var silo in defunct)
            {
                cluster.Rows.Remove(silo);
            }

            return defunct.Count;
        }));
    }

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        MembershipClusterId.ThrowIfInvalid(clusterId);
        cancellationToken.ThrowIfCancellationRequested();
        _store.Remove(clusterId);
        return Task.CompletedTask;
    }

    private InMemoryMembershipStore.ClusterRows Initialized(InMemoryMembershipStore.ClusterRows? cluster) =>
        cluster ?? throw new MembershipTableException(
            $"In-memory membership table: cluster '{ClusterId}' is not initialised; call InitializeAsync first.");

    private MembershipTableException MissingRow(SiloAddress silo) =>
        new($"In-memory membership table, cluster '{ClusterId}': silo {silo} has no row to update.");

    private static MembershipTableSnapshot Snapshot(InMemoryMembershipStore.ClusterRows cluster, SiloAddress? only)
    {
        var rows = cluster.Rows.Values
            .Where(row => only is null || row.Entry.Silo == only)
            .Select(row => new MembershipRow(row.Entry, MembershipETag.Format(row.ETag)))
            .ToArray();
        return new MembershipTableSnapshot(rows, new TableVersion(cluster.Version, MembershipETag.Format(cluster.VersionETag)));
    }

    private static bool VersionMatches(InMemoryMembershipStore.ClusterRows cluster, TableVersion version) =>
        cluster.Version == version.Version
        && MembershipETag.TryParse(version.ETag, out var etag)
        && etag == cluster.VersionETag;

    private static void BumpVersion(InMemoryMembershipStore.ClusterRows cluster)
    {
        cluster.Version++;
        cluster.VersionETag = MembershipETag.New();
    }

    /// <summary>
    /// The caller may still hold and change the list it passed, so the table keeps its own; times are kept in UTC
    /// as the SQL tables return them, so every table reads back alike.
    /// </summary>
    private static MembershipEntry Copy(MembershipEntry entry) => entry with
    {
        StartTime = entry.StartTime.ToUniversalTime(),
        IAmAliveTime = entry.IAmAliveTime.ToUniversalTime(),
        SuspectingSilos = entry.SuspectingSilos.Select(vote => vote with { Timestamp = vote.Timestamp.ToUniversalTime() }).ToArray(),
    };
}
