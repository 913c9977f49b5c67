using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainChain.Runtime.Storage;

/// <summary>
/// The embedded default store: one SQLite file per cluster in WAL mode. Writes go through a single connection
/// guarded by a semaphore, so writers in this process queue in order instead of polling SQLite's lock; reads use
/// a small pool of connections and run beside the writer. Each compare-and-set is one statement, so several
/// processes sharing the file stay correct, serialised by SQLite's lock and the busy timeout.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IAsyncDisposable, IDisposable
{
    private const int SqliteCantOpen = 14;
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;
    private const int SqliteReadOnly = 8;

    private readonly SqliteGrainStorageOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SqliteStateSql _sql;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentBag<SqliteStateConnection> _idleReaders = [];
    private SqliteStateConnection? _writer;
    private volatile bool _initialized;
    private volatile bool _disposed;

    public SqliteGrainStorage(string name, SqliteGrainStorageOptions options, ILogger<SqliteGrainStorage>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid(name);
        Name = name;
        _options = options;
        _logger = logger ?? NullLogger<SqliteGrainStorage>.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _sql = new SqliteStateSql(options.TableName);
        FilePath = Path.GetFullPath(options.DataSource);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // The store keeps its own connections; the driver's pool would only hide file handles after disposal.
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <summary>The name the store was registered under.</summary>
    public string Name { get; }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    public async Task<StoredGrainState?> ReadAsync(string stateName, string grainId, CancellationToken cancellationToken = default)
    {
        StorageKeyRules.Validate(stateName, grainId);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = RentReader();
        var healthy = false;
        try
        {
            var found = connection.Read(stateName, grainId);
            healthy = true;
            return found is { } record ? new StoredGrainState(record.Data, StorageETag.Format(record.ETag)) : null;
        }
        catch (Exception exception) when (IsStoreFailure(exception))
        {
            throw Fail("read from", exception);
        }
        finally
        {
            ReturnReader(connection, healthy);
        }
    }

    public async Task<string> WriteAsync(string stateName, string grainId, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken = default)
    {
        StorageKeyRules.Validate(stateName, grainId);
        // Microsoft.Data.Sqlite binds blobs from arrays only; reuse the caller's array when it is exactly the data.
        var bytes = MemoryMarshal.TryGetArray(data, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();
        var updatedAt = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        long? current;
        await EnterWriterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = _writer!;
            if (expectedETag is null)
            {
                var created = StorageETag.Next(null);
                if (writer.Insert(stateName, grainId, bytes, created, updatedAt))
                {
                    return StorageETag.Format(created);
                }
            }
            else if (StorageETag.TryParse(expectedETag, out var expected))
            {
                var next = StorageETag.Next(expected);
                if (writer.Update(stateName, grainId, bytes, expected, next, updatedAt))
                {
                    return StorageETag.Format(next);
                }
            }

            current = writer.ReadETag(stateName, grainId);
        }
        catch (Exception exception) when (IsStoreFailure(exception))
        {
            throw FailWriter("write to", exception);
        }
        finally
        {
            _writeGate.Release();
        }

        throw Conflict("write", stateName, grainId, expectedETag, current);
    }

    public async Task ClearAsync(string stateName, string grainId, string? expectedETag, CancellationToken cancellationToken = default)
    {
        StorageKeyRules.Validate(stateName, grainId);
        long? current;
        await EnterWriterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = _writer!;
            if (expectedETag is not null && StorageETag.TryParse(expectedETag, out var expected) && writer.Delete(stateName, grainId, expected))
            {
                return;
            }

            current = writer.ReadETag(stateName, grainId);
            if (expectedETag is null && current is null)
            {
                return;
            }
        }
        catch (Exception exception) when (IsStoreFailure(exception))
        {
            throw FailWriter("clear in", exception);
        }
        finally
        {
            _writeGate.Release();
        }

        throw Conflict("clear", stateName, grainId, expectedETag, current);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        // Waiting for the gate lets a write in progress finish before its connection goes away.
        _writeGate.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _writer?.Dispose();
            _writer = null;
            while (_idleReaders.TryTake(out var reader))
            {
                reader.Dispose();
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await EnterWriterAsync(cancellationToken).ConfigureAwait(false);
        _writeGate.Release();
    }

    /// <summary>Takes the writer gate and makes sure the writer connection (and with it the schema) exists.</summary>
    private async Task EnterWriterAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            if (_writer is null)
            {
                _writer = OpenWriter();
                _initialized = true;
            }
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    private SqliteStateConnection OpenWriter()
    {
        SqliteStateConnection? connection = null;
        try
        {
            var directory = Path.GetDirectoryName(FilePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            connection = SqliteStateConnection.Open(_connectionString, _sql, _options.BusyTimeout, _options.FlushEveryCommit);
            var mode = connection.InitializeDatabase();
            if (string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                _logger.SqliteOpened(Name, FilePath, mode);
            }
            else
            {
                _logger.SqliteNotWal(Name, FilePath, mode);
            }

            return connection;
        }
        catch (Exception exception) when (IsStoreFailure(exception))
        {
            connection?.Dispose();
            throw Fail("open", exception);
        }
    }

    private SqliteStateConnection RentReader()
    {
        if (_idleReaders.TryTake(out var idle))
        {
            return idle;
        }

        try
        {
            return SqliteStateConnection.Open(_connectionString, _sql, _options.BusyTimeout, _options.FlushEveryCommit);
        }
        catch (Exception exception) when (IsStoreFailure(exception))
        {
            throw Fail("open", exception);
        }
    }

    private void ReturnReader(SqliteStateConnection connection, bool healthy)
    {
        // Counting the bag is approximate under concurrency; an extra idle connection or two is harmless.
        if (healthy && !_disposed && _idleReaders.Count < _options.MaxIdleReadConnections)
        {
            _idleReaders.Add(connection);
            if (_disposed && _idleReaders.TryTake(out var late))
            {
                late.Dispose();
            }
        }
        else
        {
            connection.Dispose();
        }
    }

    /// <summary>A writer that failed may be in an unknown state: drop it so the next call opens a fresh one. Call inside the gate.</summary>
    private GrainStorageException FailWriter(string operation, Exception exception)
    {
        _writer?.Dispose();
        _writer = null;
        return Fail(operation, exception);
    }

    private GrainStorageException Fail(string operation, Exception exception)
    {
        var problem = exception switch
        {
            SqliteException { SqliteErrorCode: SqliteNotADatabase or SqliteCorrupt } =>
                "the file is not a SQLite database or is corrupt",
            SqliteException { SqliteErrorCode: SqliteCantOpen } =>
                "the file cannot be opened or created (check that the path is a file and its directory is writable)",
            SqliteException { SqliteErrorCode: SqliteReadOnly } =>
                "the file or its directory is read-only",
            _ => exception.Message,
        };
        var failure = new GrainStorageException(Name, $"SQLite grain store '{Name}' could not {operation} database '{FilePath}': {problem}.", exception);
        _logger.StoreFailed(failure, Name);
        return failure;
    }

    private InconsistentStateException Conflict(string operation, string stateName, string grainId, string? expectedETag, long? current)
    {
        var currentETag = current is { } value ? StorageETag.Format(value) : null;
        _logger.ETagConflict(Name, operation, stateName, grainId, expectedETag, currentETag);
        return InconsistentStateException.ForRecord(Name, operation, stateName, grainId, expectedETag, currentETag);
    }

    private static bool IsStoreFailure(Exception exception) =>
        exception is SqliteException or IOException or UnauthorizedAccessException;
}
