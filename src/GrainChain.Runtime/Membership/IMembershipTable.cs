namespace GrainChain.Runtime.Membership;

/// <summary>
/// The shared record of which silos make up one cluster (the cluster id comes from the table's options). Inserts
/// and updates are compare-and-set on both the row's ETag and the table version, so of several silos racing to
/// join, vote or declare a death, exactly one wins and the rest re-read.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates the schema if missing and this cluster's version row (version 0) if missing; idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Every row of this cluster with the table version they belong to.</summary>
    Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>The row of <paramref name="silo"/> (none when absent) with the current table version.</summary>
    Task<MembershipTableSnapshot> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken = default);

    /// <summary>Adds a row if no row for the silo exists and the table is still at <paramref name="version"/>; false otherwise.</summary>
    Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion version, CancellationToken cancellationToken = default);

    /// <summary>Replaces a row if it still carries <paramref name="etag"/> and the table is still at <paramref name="version"/>; false otherwise.</summary>
    Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion version, CancellationToken cancellationToken = default);

    /// <summary>Writes only the heartbeat time of an existing row; neither its ETag nor the table version changes.</summary>
    Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Removes this cluster's Dead rows whose last heartbeat is before <paramref name="beforeDate"/>; returns how many.</summary>
    Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default);

    /// <summary>Removes every row and the version row of cluster <paramref name="clusterId"/>.</summary>
    Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default);
}
