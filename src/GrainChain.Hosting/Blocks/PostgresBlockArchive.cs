using Npgsql;
using NpgsqlTypes;

namespace GrainChain.Hosting.Blocks;

/// <summary>
/// Blocks in the <c>block</c> table of a PostgreSQL database, shared by every silo of the cluster. A put is one
/// round trip and one transaction (one WAL flush); reads are prepared statements on the pooled connections.
/// </summary>
internal sealed class PostgresBlockArchive(NpgsqlDataSource dataSource) : IBlockArchive
{
    // A put larger than this is sent as several INSERT statements of one batch (still one transaction), each small
    // enough for the server to take its arrays comfortably.
    private const int MaxStatementBlocks = 10_000;
    private const long MaxStatementBytes = 32L << 20;

    public async Task PutAsync(IReadOnlyCollection<ArchivedBlock> blocks, CancellationToken cancellationToken = default)
    {
        var distinct = BlockHashes.DistinctByHash(blocks, nameof(blocks));
        cancellationToken.ThrowIfCancellationRequested();
        if (distinct.Count == 0) return;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Without an explicit transaction the statements of one batch form one implicit transaction: all or nothing.
        await using var batch = new NpgsqlBatch(connection);
        var start = 0;
        while (start < distinct.Count)
        {
            var end = start;
            long bytes = 0;
            while (end < distinct.Count && end - start < MaxStatementBlocks && (end == start || bytes < MaxStatementBytes))
            {
                bytes += distinct[end].Bytes.Length;
                end++;
            }

            batch.BatchCommands.Add(Insert(distinct, start, end - start));
            start = end;
        }

        // The statements are ordered by hash, and so are the rows within each: the deadlock-free order holds across them.
        await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ArchivedBlock?> GetAsync(byte[] hash, CancellationToken cancellationToken = default)
    {
        BlockHashes.Validate(hash, nameof(hash));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PostgresBlockStatements.Get, connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = hash });
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new ArchivedBlock(hash.ToArray(), reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1));
    }

    public async Task<IReadOnlyList<ArchivedBlock>> GetAncestryAsync(
        byte[] tipHash, int maxBlocks, CancellationToken cancellationToken = default)
    {
        BlockHashes.Validate(tipHash, nameof(tipHash));
        BlockHashes.ValidateMaxBlocks(maxBlocks);
        if (maxBlocks == 0) return [];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PostgresBlockStatements.Ancestry, connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = tipHash });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = maxBlocks });
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var chain = new BlockChainReader();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            chain.Add(reader.GetInt32(3),
                new ArchivedBlock(reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2)));
        }

        return chain.NewestFirst();
    }

    private static NpgsqlBatchCommand Insert(List<ArchivedBlock> blocks, int start, int count)
    {
        var hashes = new byte[count][];
        var previousHashes = new byte[count][];
        var bytes = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var block = blocks[start + i];
            hashes[i] = block.Hash;
            previousHashes[i] = block.PreviousHash;
            bytes[i] = block.Bytes;
        }

        var insert = new NpgsqlBatchCommand(PostgresBlockStatements.Insert);
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = hashes });
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = previousHashes });
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = bytes });
        return insert;
    }
}
