using GrainChain.Hosting.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GrainChain.Hosting.Pending;

/// <summary>
/// The pending transactions of one service id in the <c>PendingTransaction</c> table of a SQLite file, shared by every
/// silo process of that service on the file; other services on the same file keep rows of their own, even for nodes
/// of the same name. Writes go through the store's one <see cref="SqlitePendingWriter"/>; reads run on the data
/// source's pooled connections, where WAL lets them run beside any writer without waiting.
/// </summary>
internal sealed class SqlitePendingTransactionStore : IPendingTransactionStore, IDisposable
{
    private readonly SqliteDataSource _dataSource;
    private readonly string _serviceId;
    private readonly SqlitePendingWriter _writer;

    public SqlitePendingTransactionStore(SqliteDataSource dataSource, string serviceId, ILogger<SqlitePendingWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        // Checked before the writer's thread starts, so a refused store leaves nothing running.
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        _dataSource = dataSource;
        _serviceId = serviceId;
        _writer = new SqlitePendingWriter(dataSource, logger);
    }

    public Task WriteAsync(string node, IReadOnlyCollection<PendingTransaction> added, IReadOnlyCollection<long> removed,
        CancellationToken cancellationToken = default)
    {
        var (rows, sequences) = PendingRows.Check(node, added, removed);
        cancellationToken.ThrowIfCancellationRequested();
        if (rows.Length == 0 && sequences.Length == 0) return Task.CompletedTask;
        return _writer.WriteAsync(new SqlitePendingWrite(_serviceId, node, rows, sequences, cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<PendingTransaction>> ReadAsync(string node, CancellationToken cancellationToken = default)
    {
        PendingTransaction.ValidateNode(node, nameof(node));
        await using var connection = (SqliteConnection)await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SqlitePendingStatements.Read;
        command.Parameters.Add("$serviceId", SqliteType.Text).Value = _serviceId;
        command.Parameters.Add("$node", SqliteType.Text).Value = node;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<PendingTransaction>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            rows.Add(new PendingTransaction(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2)));
        return rows;
    }

    public void Dispose() => _writer.Dispose();
}
