using GrainChain.Hosting.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GrainChain.Hosting.Blocks;

/// <summary>
/// Blocks in the <c>Block</c> table of a SQLite file, shared by every silo process on that file. Puts go through the
/// process's one <see cref="SqliteBlockWriter"/>; reads run on the data source's pooled connections, where WAL lets
/// them run beside any writer without waiting.
/// </summary>
internal sealed class SqliteBlockArchive(SqliteDataSource dataSource, ILogger<SqliteBlockWriter> logger) : IBlockArchive, IDisposable
{
    private readonly SqliteBlockWriter _writer = new(dataSource, logger);

    public Task PutAsync(IReadOnlyCollection<ArchivedBlock> blocks, CancellationToken cancellationToken = default)
    {
        var distinct = BlockHashes.DistinctByHash(blocks, nameof(blocks));
        cancellationToken.ThrowIfCancellationRequested();
        return distinct.Count == 0 ? Task.CompletedTask : _writer.PutAsync(distinct, cancellationToken);
    }

    public async Task<ArchivedBlock?> GetAsync(byte[] hash, CancellationToken cancellationToken = default)
    {
        BlockHashes.Validate(hash, nameof(hash));
        await using var connection = (SqliteConnection)await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteBlockStatements.Get;
        command.Parameters.Add("$hash", SqliteType.Blob).Value = hash;
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
        await using var connection = (SqliteConnection)await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteBlockStatements.Ancestry;
        command.Parameters.Add("$tip", SqliteType.Blob).Value = tipHash;
        command.Parameters.Add("$max", SqliteType.Integer).Value = maxBlocks;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var chain = new BlockChainReader();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            chain.Add(reader.GetInt64(3),
                new ArchivedBlock(reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2)));
        }

        return chain.NewestFirst();
    }

    public void Dispose() => _writer.Dispose();
}
