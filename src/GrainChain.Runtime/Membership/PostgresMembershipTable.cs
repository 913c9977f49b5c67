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
public sealed class PostgresMembershipTable : SqlMembershipTable, IAsyncDisposable, IDisposable
{
    /// <summary>Advisory lock key serialising schema creation in every process: CREATE TABLE IF NOT EXISTS alone races on the catalog.</summary>
    private const long SchemaLockKey = 0x4772_4368_4D65_6D62; // "GrChMemb"

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _location;

    public PostgresMembershipTable(PostgresMembershipOptions options, ILogger<PostgresMembershipTable>? logger = null)
        : base(Validated(options).ClusterId, logger ?? NullLogger<PostgresMembershipTable>.Instance)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 16;
        }

        _location = $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    private protected override string StoreName => "postgres";

    private protected override string Location => _location;

    private protected override string Description => $"PostgreSQL membership table on {_location}";

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private protected override Task<int> ExecuteAsync(string operation, string sql, object?[] values, CancellationToken cancellationToken) =>
        RunAsync(operation, (connection, ct) => ExecuteAsync(connection, null, sql, values, ct), cancellationToken);

    private protected override Task<MembershipTableSnapshot?> ReadSnapshotAsync(string sql, object?[] values, CancellationToken cancellationToken) =>
        RunAsync("read from", async (connection, ct) =>
        {
            await using var command = Command(connection, null, sql, values);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await MembershipSnapshotReader.ReadAsync(reader, $"{StoreName}:{_location}", ClusterId, ct).ConfigureAwait(false);
        }, cancellationToken);

    private protected override Task<bool> TransactAsync(
        string operation, Func<MembershipStatementExecutor, CancellationToken, Task<bool>> work, CancellationToken cancellationToken) =>
        RunAsync(operation, (connection, ct) => TransactAsync(connection, null, work, ct), cancellationToken);

    private protected override Task CreateSchemaAsync(
        Func<MembershipStatementExecutor, CancellationToken, Task<bool>> work, CancellationToken cancellationToken) =>
        RunAsync("initialise", (connection, ct) => TransactAsync(connection, "SELECT pg_advisory_xact_lock($1)", work, ct), cancellationToken);

    private static async Task<bool> TransactAsync(
        NpgsqlConnection connection, string? lockSql, Func<MembershipStatementExecutor, CancellationToken, Task<bool>> work, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (lockSql is not null)
        {
            await ExecuteAsync(connection, transaction, lockSql, [SchemaLockKey], cancellationToken).ConfigureAwait(false);
        }

        var commit = await work((sql, values, ct) => ExecuteAsync(connection, transaction, sql, values, ct), cancellationToken).ConfigureAwait(false);
        if (commit)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }

        return commit;
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
            throw Failed($"PostgreSQL membership table could not {operation} {_location} (cluster '{ClusterId}'): {problem}.", exception);
        }
    }

    private static PostgresMembershipOptions Validated(PostgresMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return options;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, object?[] values, CancellationToken cancellationToken)
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
