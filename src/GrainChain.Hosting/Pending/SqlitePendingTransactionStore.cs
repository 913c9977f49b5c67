using GrainChain.Hosting.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GrainChain.Hosting.Pending;

/// <summary>
/// Pending transactions in the <c>PendingTransaction</c> table of a SQLite file, shared by every silo process on that
/// file. Writes go through the process's one <see cref="SqlitePendingWriter"/>; reads run on the data source's pooled
/// connections, where WAL lets them run beside any writer without waiting.
/// </summary>
internal sealed class SqlitePendingTransactionStore(SqliteDataSource dataSource, ILogger<SqlitePendingWriter> logger)
    : IPendingTransactionStore, IDisposable
{
    private readonly SqlitePendingWriter _writer = new(dataSource, logger);

    public Task WriteAsync(string node, IReadOnlyCollection<PendingTransaction> added, IReadOnlyCollection<long> removed,
        CancellationToken cancellationToken = default)
    {
        var (rows, sequences) = PendingRows.Check(node, added, removed);
        cancellationToken.ThrowIfCancellationRequested();
        if (rows.Length == 0 && sequences.Length == 0) return Task.CompletedTask;
        return _writer.WriteAsync(new SqlitePendingWrite(node, rows, sequences, cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<PendingTransaction>> ReadAsync(string node, CancellationToken cancellationToken = default)
    {
        PendingTransaction.ValidateNode(node, nameof(node));
        await using var connection = (SqliteConnection)await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SqlitePendingStatements.Read;
        command.Parameters.Add("$node", SqliteType.Text).Value = node;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<PendingTransaction>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            rows.Add(new PendingTransaction(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2)));
        return rows;
    }

    public void Dispose() => _writer.Dispose();
}
