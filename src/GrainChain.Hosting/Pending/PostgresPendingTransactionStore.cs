using Npgsql;
using NpgsqlTypes;

namespace GrainChain.Hosting.Pending;

/// <summary>
/// The pending transactions of one service id in the <c>pendingtransaction</c> table of a PostgreSQL database, shared
/// by every silo of that service; other services on the same database keep rows of their own, even for nodes of the
/// same name. A write is one round trip and one transaction (one WAL flush); reads are prepared statements on the
/// pooled connections.
/// </summary>
internal sealed class PostgresPendingTransactionStore : IPendingTransactionStore
{
    // A write larger than this is sent as several statements of one batch (still one transaction), each small enough
    // for the server to take its arrays comfortably.
    private const int MaxStatementRows = 10_000;
    private const long MaxStatementBytes = 32L << 20;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;

    public PostgresPendingTransactionStore(NpgsqlDataSource dataSource, string serviceId)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        _dataSource = dataSource;
        _serviceId = serviceId;
    }

    public async Task WriteAsync(string node, IReadOnlyCollection<PendingTransaction> added, IReadOnlyCollection<long> removed,
        CancellationToken cancellationToken = default)
    {
        var (rows, sequences) = PendingRows.Check(node, added, removed);
        cancellationToken.ThrowIfCancellationRequested();
        if (rows.Length == 0 && sequences.Length == 0) return;
        // One row per sequence, the first: which of two rows of one sequence an INSERT keeps must not rest on the
        // server's order. Sorted, so that each statement of a large write covers a run of sequences.
        var distinct = PendingRows.DistinctBySequence(rows);

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Without an explicit transaction the statements of one batch form one implicit transaction: all or nothing,
        // and they run in order, so a sequence both added and removed ends removed.
        await using var batch = new NpgsqlBatch(connection);
        var start = 0;
        while (start < distinct.Count)
        {
            var end = start;
            long bytes = 0;
            while (end < distinct.Count && end - start < MaxStatementRows && (end == start || bytes < MaxStatementBytes))
            {
                bytes += distinct[end].Bytes.Length;
                end++;
            }

            batch.BatchCommands.Add(Insert(_serviceId, node, distinct, start, end - start));
            start = end;
        }

        for (start = 0; start < sequences.Length; start += MaxStatementRows)
            batch.BatchCommands.Add(Delete(_serviceId, node, sequences[start..Math.Min(sequences.Length, start + MaxStatementRows)]));

        await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PendingTransaction>> ReadAsync(string node, CancellationToken cancellationToken = default)
    {
        PendingTransaction.ValidateNode(node, nameof(node));
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PostgresPendingStatements.Read, connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = _serviceId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = node });
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<PendingTransaction>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            rows.Add(new PendingTransaction(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2)));
        return rows;
    }

    private static NpgsqlBatchCommand Insert(string serviceId, string node, List<PendingTransaction> rows, int start, int count)
    {
        var sequences = new long[count];
        var ids = new byte[count][];
        var bytes = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            sequences[i] = rows[start + i].Sequence;
            ids[i] = rows[start + i].Id;
            bytes[i] = rows[start + i].Bytes;
        }

        var insert = new NpgsqlBatchCommand(PostgresPendingStatements.Insert);
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = serviceId });
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = node });
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = sequences });
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = ids });
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = bytes });
        return insert;
    }

    private static NpgsqlBatchCommand Delete(string serviceId, string node, long[] sequences)
    {
        var delete = new NpgsqlBatchCommand(PostgresPendingStatements.Delete);
        delete.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = serviceId });
        delete.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = node });
        delete.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = sequences });
        return delete;
    }
}
