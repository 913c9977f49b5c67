using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace GrainChain.Runtime.Storage;

/// <summary>
/// A store in a PostgreSQL table, for clusters that span machines. Each compare-and-set is one statement: the
/// row lock makes a racing UPDATE re-check the ETag of the version that won, and INSERT … ON CONFLICT DO NOTHING
/// lets exactly one first write through.
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresStateSql _sql;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _initializeGate = new(1, 1);
    private readonly string _location;
    private volatile bool _initialized;

    public PostgresGrainStorage(string name, PostgresGrainStorageOptions options, ILogger<PostgresGrainStorage>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid(name);
        Name = name;
        TableName = options.TableName;
        _sql = new PostgresStateSql(options.TableName);
        _logger = logger ?? NullLogger<PostgresGrainStorage>.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 16;
        }

        _location = $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>The name the store was registered under.</summary>
    public string Name { get; }

    /// <summary>The table holding this store's records.</summary>
    public string TableName { get; }

    public async Task<StoredGrainState?> ReadAsync(string stateName, string grainId, CancellationToken cancellationToken = default)
    {
        StorageKeyRules.Validate(stateName, grainId);
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            await using var command = _dataSource.CreateCommand(_sql.Select);
            AddKey(command, stateName, grainId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var data = await reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false);
            return new StoredGrainState(data, StorageETag.Format(reader.GetInt64(1)));
        }
        catch (Exception exception) when (IsStoreFailure(exception, cancellationToken))
        {
            throw Fail("read from", exception);
        }
    }

    public async Task<string> WriteAsync(string stateName, string grainId, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken = default)
    {
        StorageKeyRules.Validate(stateName, grainId);
        long? current;
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var updatedAt = _timeProvider.GetUtcNow();
            if (expectedETag is null)
            {
                var created = StorageETag.Next(null);
                if (await ExecuteAsync(connection, _sql.Insert, stateName, grainId, created, data, updatedAt, null, cancellationToken).ConfigureAwait(false))
                {
                    return StorageETag.Format(created);
                }
            }
            else if (StorageETag.TryParse(expectedETag, out var expected))
            {
                var next = StorageETag.Next(expected);
                if (await ExecuteAsync(connection, _sql.Update, stateName, grainId, next, data, updatedAt, expected, cancellationToken).ConfigureAwait(false))
                {
                    return StorageETag.Format(next);
                }
            }

            current = await ReadETagAsync(connection, stateName, grainId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsStoreFailure(exception, cancellationToken))
        {
            throw Fail("write to", exception);
        }

        throw Conflict("write", stateName, grainId, expectedETag, current);
    }

    public async Task ClearAsync(string stateName, string grainId, string? expectedETag, CancellationToken cancellationToken = default)
    {
        StorageKeyRules.Validate(stateName, grainId);
        long? current;
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (expectedETag is not null && StorageETag.TryParse(expectedETag, out var expected))
            {
                await using var delete = new NpgsqlCommand(_sql.Delete, connection);
                AddKey(delete, stateName, grainId);
                delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected });
                if (await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    return;
                }
            }

            current = await ReadETagAsync(connection, stateName, grainId, cancellationToken).ConfigureAwait(false);
            if (expectedETag is null && current is null)
            {
                return;
            }
        }
        catch (Exception exception) when (IsStoreFailure(exception, cancellationToken))
        {
            throw Fail("clear in", exception);
        }

        throw Conflict("clear", stateName, grainId, expectedETag, current);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initializeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                await using (var lockSchema = new NpgsqlCommand(_sql.LockSchema, connection, transaction))
                {
                    lockSchema.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _sql.SchemaLockKey });
                    await lockSchema.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var create = new NpgsqlCommand(_sql.CreateTable, connection, transaction))
                {
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            _initialized = true;
            _logger.PostgresReady(Name, TableName, _location);
        }
        finally
        {
            _initializeGate.Release();
        }
    }

    private static async Task<bool> ExecuteAsync(NpgsqlConnection connection, string sql, string stateName, string grainId, long eTag, ReadOnlyMemory<byte> data, DateTimeOffset updatedAt, long? expectedETag, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        AddKey(command, stateName, grainId);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = eTag });
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = data });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = updatedAt });
        if (expectedETag is { } expected)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<long?> ReadETagAsync(NpgsqlConnection connection, string stateName, string grainId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_sql.SelectETag, connection);
        AddKey(command, stateName, grainId);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is long eTag ? eTag : null;
    }

    private static void AddKey(NpgsqlCommand command, string stateName, string grainId)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId });
    }

    private GrainStorageException Fail(string operation, Exception exception)
    {
        var problem = exception switch
        {
            PostgresException server => $"the server answered {server.SqlState}: {server.MessageText}",
            { InnerException: SocketException socket } => $"the server cannot be reached ({socket.Message})",
            TimeoutException or NpgsqlException { InnerException: TimeoutException } => "the server did not answer in time",
            _ => exception.Message,
        };
        var failure = new GrainStorageException(Name, $"PostgreSQL grain store '{Name}' could not {operation} table '{TableName}' on {_location}: {problem}.", exception);
        _logger.StoreFailed(failure, Name);
        return failure;
    }

    private InconsistentStateException Conflict(string operation, string stateName, string grainId, string? expectedETag, long? current)
    {
        var currentETag = current is { } value ? StorageETag.Format(value) : null;
        _logger.ETagConflict(Name, operation, stateName, grainId, expectedETag, currentETag);
        return InconsistentStateException.ForRecord(Name, operation, stateName, grainId, expectedETag, currentETag);
    }

    /// <summary>Driver and network failures become <see cref="GrainStorageException"/>; a cancellation the caller asked for stays one.</summary>
    private static bool IsStoreFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is NpgsqlException or SocketException or TimeoutException
        && !(cancellationToken.IsCancellationRequested && exception is NpgsqlException { InnerException: OperationCanceledException });
}
