using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainChain.Runtime.Membership;

/// <summary>
/// A membership table in a SQLite file shared by the silo processes of one machine (WAL, busy timeout). Each
/// insert or update is a version bump and a row write inside one IMMEDIATE transaction, so the file's write
/// lock serialises racing processes and the loser's statements match nothing.
/// </summary>
public sealed class SqliteMembershipTable : IMembershipTable, IAsyncDisposable, IDisposable
{
    private const string StoreName = "sqlite";
    private readonly SqliteMembershipOptions _options;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;
    private bool _disposed;

    public SqliteMembershipTable(SqliteMembershipOptions options, ILogger<SqliteMembershipTable>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
        _logger = logger ?? NullLogger<SqliteMembershipTable>.Instance;
        ClusterId = options.ClusterId;
        FilePath = Path.GetFullPath(options.DataSource);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <summary>The cluster this table reads and writes.</summary>
    public string ClusterId { get; }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        RunAsync("initialise", connection =>
        {
            using (var mode = connection.CreateCommand())
            {
                // WAL is a property of the file: readers in other processes no longer block the writer.
                mode.CommandText = "PRAGMA journal_mode = WAL";
                mode.ExecuteNonQuery();
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            Execute(connection, transaction, MembershipSql.CreateVersionTable);
            Execute(connection, transaction, MembershipSql.CreateRowTable);
            Execute(connection, transaction, MembershipSql.InsertVersion, ClusterId, MembershipETag.New());
            transaction.Commit();
            _logger.MembershipInitialized(StoreName, ClusterId, FilePath);
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
        var changed = await RunAsync("update the heartbeat in", connection =>
            Execute(connection, null, MembershipSql.UpdateIAmAlive, ClusterId, entry.Silo.ToString(), MembershipRowCodec.ToTicks(entry.IAmAliveTime)),
            cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            throw new MembershipTableException($"SQLite membership table '{FilePath}', cluster '{ClusterId}': silo {entry.Silo} has no row to update.");
        }
    }

    public Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default) =>
        RunAsync("clean up", connection =>
            Execute(connection, null, MembershipSql.DeleteDefunct, ClusterId, (long)SiloStatus.Dead, MembershipRowCodec.ToTicks(beforeDate)),
            cancellationToken);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        MembershipClusterId.ThrowIfInvalid(clusterId);
        return RunAsync("delete from", connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            Execute(connection, transaction, MembershipSql.DeleteClusterRows, clusterId);
            Execute(connection, transaction, MembershipSql.DeleteClusterVersion, clusterId);
            transaction.Commit();
            return true;
        }, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            _disposed = true;
            _connection?.Dispose();
            _connection = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task<bool> WriteAsync(string operation, MembershipEntry entry, TableVersion version, string rowSql, long? expectedETag, CancellationToken cancellationToken)
    {
        if (!MembershipETag.TryParse(version.ETag, out var versionETag))
        {
            _logger.MembershipConflict(StoreName, ClusterId, operation, entry.Silo.ToString(), version.Version);
            return Task.FromResult(false);
        }

        return RunAsync(operation == "insert" ? "insert into" : "update", connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var won = Execute(connection, transaction, MembershipSql.BumpVersion, ClusterId, version.Version, versionETag, MembershipETag.New()) == 1
                && Execute(connection, transaction, rowSql, RowValues(entry, expectedETag)) == 1;
            if (won)
            {
                transaction.Commit();
            }
            else
            {
                transaction.Rollback();
                _logger.MembershipConflict(StoreName, ClusterId, operation, entry.Silo.ToString(), version.Version);
            }

            return won;
        }, cancellationToken);
    }

    private object?[] RowValues(MembershipEntry entry, long? expectedETag)
    {
        var values = new List<object?>
        {
            ClusterId,
            entry.Silo.ToString(),
            (long)entry.Status,
            entry.HostName,
            MembershipRowCodec.ToTicks(entry.StartTime),
            MembershipRowCodec.ToTicks(entry.IAmAliveTime),
            MembershipRowCodec.FormatVotes(entry.SuspectingSilos),
            entry.ProxyPort is { } port ? (long)port : null,
            MembershipETag.New(),
        };
        if (expectedETag is { } expected)
        {
            values.Add(expected);
        }

        return [.. values];
    }

    private async Task<MembershipTableSnapshot> ReadAsync(string sql, SiloAddress? silo, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = Open();
            using var command = Command(connection, null, sql, silo is null ? [ClusterId] : [ClusterId, silo.ToString()]);
            using var reader = command.ExecuteReader();
            return await MembershipSnapshotReader.ReadAsync(reader, $"sqlite:{FilePath}", ClusterId, cancellationToken).ConfigureAwait(false)
                ?? throw new MembershipTableException(
                    $"SQLite membership table '{FilePath}': cluster '{ClusterId}' is not initialised; call InitializeAsync first.");
        }
        catch (SqliteException exception) when (IsMissingSchema(exception))
        {
            throw new MembershipTableException(
                $"SQLite membership table '{FilePath}': cluster '{ClusterId}' is not initialised; call InitializeAsync first.", exception);
        }
        catch (SqliteException exception)
        {
            throw Fail("read from", exception);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<T> RunAsync<T>(string operation, Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return work(Open());
        }
        catch (SqliteException exception) when (IsMissingSchema(exception))
        {
            throw new MembershipTableException(
                $"SQLite membership table '{FilePath}': cluster '{ClusterId}' is not initialised; call InitializeAsync first.", exception);
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException)
        {
            // The connection may be mid-transaction or broken: drop it so the next call starts clean.
            _connection?.Dispose();
            _connection = null;
            throw Fail(operation, exception);
        }
        finally
        {
            _gate.Release();
        }
    }

    private SqliteConnection Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_connection is not null)
        {
            return _connection;
        }

        var directory = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            var busy = ((long)_options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            Execute(connection, null, $"PRAGMA busy_timeout = {busy}; PRAGMA synchronous = FULL;");
            _connection = connection;
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private MembershipTableException Fail(string operation, Exception exception)
    {
        var failure = new MembershipTableException(
            $"SQLite membership table could not {operation} database '{FilePath}' (cluster '{ClusterId}'): {exception.Message}", exception);
        _logger.MembershipFailed(failure, StoreName, ClusterId);
        return failure;
    }

    private static bool IsMissingSchema(SqliteException exception) =>
        exception.SqliteErrorCode == 1 && exception.Message.Contains("no such table", StringComparison.Ordinal);

    private static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params object?[] values)
    {
        using var command = Command(connection, transaction, sql, values);
        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, object?[] values)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (i + 1).ToString(CultureInfo.InvariantCulture), values[i] ?? DBNull.Value);
        }

        return command;
    }
}
