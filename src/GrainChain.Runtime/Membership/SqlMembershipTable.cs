using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Membership;

/// <summary>
/// The membership protocol shared by the SQL stores: argument checks, ETag compare-and-set, version bumps and
/// conflict logging live here once; a store supplies only its connections, transactions and error wrapping.
/// </summary>
public abstract class SqlMembershipTable : IMembershipTable
{
    private protected SqlMembershipTable(string clusterId, ILogger logger)
    {
        ClusterId = clusterId;
        Logger = logger;
    }

    /// <summary>The cluster this table reads and writes.</summary>
    public string ClusterId { get; }

    private protected ILogger Logger { get; }

    /// <summary>The store's short name in log events ("postgres", "sqlite").</summary>
    private protected abstract string StoreName { get; }

    /// <summary>Where the store lives (server and database, or file path), for log events.</summary>
    private protected abstract string Location { get; }

    /// <summary>How messages name this table, e.g. "SQLite membership table '/data/m.db'".</summary>
    private protected abstract string Description { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await CreateSchemaAsync(async (execute, ct) =>
        {
            await execute(MembershipSql.CreateVersionTable, [], ct).ConfigureAwait(false);
            await execute(MembershipSql.CreateRowTable, [], ct).ConfigureAwait(false);
            await execute(MembershipSql.InsertVersion, [ClusterId, MembershipETag.New()], ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        Logger.MembershipInitialized(StoreName, ClusterId, Location);
    }

    public Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(MembershipSql.SelectAll, null, cancellationToken);

    public Task<MembershipTableSnapshot> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return ReadAsync(MembershipSql.SelectOne, silo, cancellationToken);
    }

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Validate();
        return WriteAsync("insert", entry, version, MembershipSql.InsertRow, null, cancellationToken);
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Validate();
        if (!MembershipETag.TryParse(etag, out var expected))
        {
            Logger.MembershipConflict(StoreName, ClusterId, "update", entry.Silo.ToString(), version.Version);
            return Task.FromResult(false);
        }

        return WriteAsync("update", entry, version, MembershipSql.UpdateRow, expected, cancellationToken);
    }

    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var changed = await ExecuteAsync(
            "update the heartbeat in",
            MembershipSql.UpdateIAmAlive,
            [ClusterId, entry.Silo.ToString(), MembershipRowCodec.ToTicks(entry.IAmAliveTime)],
            cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            throw new MembershipTableException($"{Description}, cluster '{ClusterId}': silo {entry.Silo} has no row to update.");
        }
    }

    public Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            "clean up",
            MembershipSql.DeleteDefunct,
            [ClusterId, (int)SiloStatus.Dead, MembershipRowCodec.ToTicks(beforeDate)],
            cancellationToken);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        MembershipClusterId.ThrowIfInvalid(clusterId);
        return TransactAsync("delete from", async (execute, ct) =>
        {
            await execute(MembershipSql.DeleteClusterRows, [clusterId], ct).ConfigureAwait(false);
            await execute(MembershipSql.DeleteClusterVersion, [clusterId], ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Runs one statement outside any transaction, wrapping store failures as <see cref="MembershipTableException"/>.</summary>
    private protected abstract Task<int> ExecuteAsync(string operation, string sql, object?[] values, CancellationToken cancellationToken);

    /// <summary>Runs a snapshot query; null when the cluster has no version row.</summary>
    private protected abstract Task<MembershipTableSnapshot?> ReadSnapshotAsync(string sql, object?[] values, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one write transaction, committing when it returns true and rolling back otherwise.</summary>
    private protected abstract Task<bool> TransactAsync(
        string operation, Func<MembershipStatementExecutor, CancellationToken, Task<bool>> work, CancellationToken cancellationToken);

    /// <summary>Like <see cref="TransactAsync"/> for the schema statements, behind whatever guard the store needs against racing creators.</summary>
    private protected abstract Task CreateSchemaAsync(
        Func<MembershipStatementExecutor, CancellationToken, Task<bool>> work, CancellationToken cancellationToken);

    /// <summary>Wraps a store failure in the table's exception and logs it once, where it leaves the table.</summary>
    private protected MembershipTableException Failed(string message, Exception inner)
    {
        var failure = new MembershipTableException(message, inner);
        Logger.MembershipFailed(failure, StoreName, ClusterId);
        return failure;
    }

    private protected MembershipTableException NotInitialized(Exception? inner)
    {
        var message = $"{Description}: cluster '{ClusterId}' is not initialised; call InitializeAsync first.";
        return inner is null ? new MembershipTableException(message) : new MembershipTableException(message, inner);
    }

    private async Task<bool> WriteAsync(string operation, MembershipEntry entry, TableVersion version, string rowSql, long? expectedETag, CancellationToken cancellationToken)
    {
        if (!MembershipETag.TryParse(version.ETag, out var versionETag))
        {
            Logger.MembershipConflict(StoreName, ClusterId, operation, entry.Silo.ToString(), version.Version);
            return false;
        }

        object?[] values =
        [
            ClusterId,
            entry.Silo.ToString(),
            (int)entry.Status,
            entry.HostName,
            MembershipRowCodec.ToTicks(entry.StartTime),
            MembershipRowCodec.ToTicks(entry.IAmAliveTime),
            MembershipRowCodec.FormatVotes(entry.SuspectingSilos),
            entry.ProxyPort,
            MembershipETag.New(),
            .. expectedETag is { } expected ? new object?[] { expected } : [],
        ];
        var won = await TransactAsync(operation == "insert" ? "insert into" : "update", async (execute, ct) =>
            // The version bump takes the store's write lock first, so a racing writer waits and then matches nothing.
            await execute(MembershipSql.BumpVersion, [ClusterId, version.Version, versionETag, MembershipETag.New()], ct).ConfigureAwait(false) == 1
                && await execute(rowSql, values, ct).ConfigureAwait(false) == 1,
            cancellationToken).ConfigureAwait(false);
        if (!won)
        {
            Logger.MembershipConflict(StoreName, ClusterId, operation, entry.Silo.ToString(), version.Version);
        }

        return won;
    }

    private async Task<MembershipTableSnapshot> ReadAsync(string sql, SiloAddress? silo, CancellationToken cancellationToken)
    {
        var snapshot = await ReadSnapshotAsync(sql, silo is null ? [ClusterId] : [ClusterId, silo.ToString()], cancellationToken).ConfigureAwait(false);
        return snapshot ?? throw NotInitialized(null);
    }
}
