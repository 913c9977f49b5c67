using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GrainChain.Runtime.Membership;

/// <summary>
/// A membership table in PostgreSQL, for clusters across machines. A write bumps the version row and writes the
/// silo row in one transaction: the version row's lock makes a racing writer wait, then re-check the version the
/// winner left, match nothing and roll back.
/// </summary>
public sealed class PostgresMembershipTable : IMembershipTable, IAsyncDisposable, IDisposable
{
    private const string StoreName = "postgres";

    /// <summary>Advisory lock key serialising schema creation in every process: CREATE TABLE IF NOT EXISTS alone races on the catalog.</summary>
    private const long SchemaLockKey = 0x4772_4368_4D65_6D62; // "GrChMemb"

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly string _location;

    public PostgresMembershipTable(PostgresMembershipOptions options, ILogger<PostgresMembershipTable>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        ClusterId = options.ClusterId;
        _logger = logger ?? NullLogger<PostgresMembershipTable>.Instance;
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 16;
        }

        _location = $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>The cluster this table reads and writes.</summary>
    public string ClusterId { get; }

    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        RunAsync("initialise", async (connection, ct) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1)", ct, SchemaLockKey).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, MembershipSql.CreateVersionTable, ct).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, MembershipSql.CreateRowTable, ct).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, MembershipSql.InsertVersion, ct, ClusterId, MembershipETag.New()).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            _logger.MembershipInitialized(StoreName, ClusterId, _location);
            return true;
        }, cancellationToken);

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
            _logger.MembershipConflict(StoreName, ClusterId, "update", entry.Silo.ToString(), version.Version);
            return Task.FromResult(false);
        }

        return WriteAsync("update", entry, version, MembershipSql.UpdateRow, expected, cancellationToken);
    }

    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var changed = await RunAsync("update the heartbeat in", (connection, ct) =>
            ExecuteAsync(connection, null, MembershipSql.UpdateIAmAlive, ct, ClusterId, entry.Silo.ToString(), MembershipRowCodec.ToTicks(entry.IAmAliveTime)),
            cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            throw new MembershipTableException($"PostgreSQL membership table on {_location}, cluster '{ClusterId}': silo {entry.Silo} has no row to update.");
        }
    }

    public Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default) =>
        RunAsync("clean up", (connection, ct) =>
            ExecuteAsync(connection, null, MembershipSql.DeleteDefunct, ct, ClusterId, (int)SiloStatus.Dead, MembershipRowCodec.ToTicks(beforeDate)),
            cancellationToken);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        MembershipClusterId.ThrowIfInvalid(clusterId);
        return RunAsync("delete from", async (connection, ct) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, MembershipSql.DeleteClusterRows, ct, clusterId).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, MembershipSql.DeleteClusterVersion, ct, clusterId).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private Task<bool> WriteAsync(string operation, MembershipEntry entry, TableVersion version, string rowSql, long? expectedETag, CancellationToken cancellationToken)
    {
        if (!MembershipETag.TryParse(version.ETag, out var versionETag))
        {
            _logger.MembershipConflict(StoreName, ClusterId, operation, entry.Silo.ToString(), version.Version);
            return Task.FromResult(false);
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
        return RunAsync(operation == "insert" ? "insert into" : "update", async (connection, ct) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            var won = await ExecuteAsync(connection, transaction, MembershipSql.BumpVersion, ct, ClusterId, version.Version, versionETag, MembershipETag.New()).ConfigureAwait(false) == 1
                && await ExecuteAsync(connection, transaction, rowSql, ct, values).ConfigureAwait(false) == 1;
            if (won)
            {
                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }
            else
            {
                await transaction.RollbackAsync(ct).ConfigureAwait(false);
                _logger.MembershipConflict(StoreName, ClusterId, operation, entry.Silo.ToString(), version.Version);
            }

            return won;
        }, cancellationToken);
    }

    private async Task<MembershipTableSnapshot> ReadAsync(string sql, SiloAddress? silo, CancellationToken cancellationToken)
    {
        var snapshot = await RunAsync("read from", async (connection, ct) =>
        {
            await using var command = Command(connection, null, sql, silo is null ? [ClusterId] : [ClusterId, silo.ToString()]);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await MembershipSnapshotReader.ReadAsync(reader, $"postgres:{_location}", ClusterId, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return snapshot ?? throw NotInitialized(null);
    }

    private async Task<T> RunAsync<T>(string operation, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw NotInitialized(exception);
        }
        catch (Exception exception) when (exception is NpgsqlException or SocketException or TimeoutException
            && !(cancellationToken.IsCancellationRequested && exception is NpgsqlException { InnerException: OperationCanceledException }))
        {
            var problem = exception switch
            {
                PostgresException server => $"the server answered {server.SqlState}: {server.MessageText}",
                { InnerException: SocketException socket } => $"the server cannot be reached ({socket.Message})",
                _ => exception.Message,
            };
            var failure = new MembershipTableException(
                $"PostgreSQL membership table could not {operation} {_location} (cluster '{ClusterId}'): {problem}.", exception);
            _logger.MembershipFailed(failure, StoreName, ClusterId);
            throw failure;
        }
    }

    private MembershipTableException NotInitialized(Exception? inner)
    {
        var message = $"PostgreSQL membership table on {_location}: cluster '{ClusterId}' is not initialised; call InitializeAsync first.";
        return inner is null ? new MembershipTableException(message) : new MembershipTableException(message, inner);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = Command(connection, transaction, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(value is null
                ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer }
                : new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
