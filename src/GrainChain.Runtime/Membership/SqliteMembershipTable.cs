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
public sealed class SqliteMembershipTable : SqlMembershipTable, IAsyncDisposable, IDisposable
{
    private readonly SqliteMembershipOptions _options;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;
    private bool _disposed;

    public SqliteMembershipTable(SqliteMembershipOptions options, ILogger<SqliteMembershipTable>? logger = null)
        : base(Validated(options).ClusterId, logger ?? NullLogger<SqliteMembershipTable>.Instance)
    {
        _options = options;
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

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    private protected override string StoreName => "sqlite";

    private protected override string Location => FilePath;

    private protected override string Description => $"SQLite membership table '{FilePath}'";

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

    private protected override Task<int> ExecuteAsync(string operation, string sql, object?[] values, CancellationToken cancellationToken) =>
        RunAsync(operation, connection => Task.FromResult(Execute(connection, null, sql, values)), cancellationToken);

    private protected override async Task<MembershipTableSnapshot?> ReadSnapshotAsync(string sql, object?[] values, CancellationToken cancellationToken)
    {
        // Reads keep the connection on failure: a failed SELECT leaves no transaction behind.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = Open();
            using var command = Command(connection, null, sql, values);
            using var reader = command.ExecuteReader();
            return await MembershipSnapshotReader.ReadAsync(reader, $"{StoreName}:{FilePath}", ClusterId, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception) when (IsMissingSchema(exception))
        {
            throw NotInitialized(exception);
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

    private protected override Task<bool> TransactAsync(
        string operation, Func<MembershipStatementExecutor, CancellationToken, Task<bool>> work, CancellationToken cancellationToken) =>
        RunAsync(operation, connection => TransactAsync(connection, work, cancellationToken), cancellationToken);

    private protected override Task CreateSchemaAsync(
        Func<MembershipStatementExecutor, CancellationToken, Task<bool>> work, CancellationToken cancellationToken) =>
        RunAsync("initialise", connection =>
        {
            // WAL is a property of the file: readers in other processes no longer block the writer. It cannot be
            // switched inside a transaction, so it goes first; the IMMEDIATE transaction then serialises creators.
            Execute(connection, null, "PRAGMA journal_mode = WAL");
            return TransactAsync(connection, work, cancellationToken);
        }, cancellationToken);

    private static async Task<bool> TransactAsync(
        SqliteConnection connection, Func<MembershipStatementExecutor, CancellationToken, Task<bool>> work, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var commit = await work((sql, values, _) => Task.FromResult(Execute(connection, transaction, sql, values)), cancellationToken).ConfigureAwait(false);
        if (commit)
        {
            transaction.Commit();
        }
        else
        {
            transaction.Rollback();
        }

        return commit;
    }

    private async Task<T> RunAsync<T>(string operation, Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return await work(Open()).ConfigureAwait(false);
        }
        catch (SqliteException exception) when (IsMissingSchema(exception))
        {
            throw NotInitialized(exception);
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

    private MembershipTableException Fail(string operation, Exception exception) =>
        Failed($"SQLite membership table could not {operation} database '{FilePath}' (cluster '{ClusterId}'): {exception.Message}", exception);

    private static SqliteMembershipOptions Validated(SqliteMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return options;
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
            // SQLite stores every integer as 64-bit; the shared protocol passes status and port as int.
            var value = values[i] is int narrow ? (long)narrow : values[i];
            command.Parameters.AddWithValue("$" + (i + 1).ToString(CultureInfo.InvariantCulture), value ?? DBNull.Value);
        }

        return command;
    }
}
