using GrainChain.Hosting.Sqlite;

namespace GrainChain.Hosting.Blocks;

/// <summary>One <see cref="IBlockArchive.PutAsync"/> call waiting for the SQLite block writer: its blocks (once per
/// hash), stored by the transaction that completes it.</summary>
internal sealed class SqliteBlockPut(List<ArchivedBlock> blocks, CancellationToken cancellationToken)
    : SqliteQueuedWrite(cancellationToken)
{
    // Per block: the two hashes, and about what SQLite spends on a row and its index entry.
    private const int BlockOverhead = 2 * ArchivedBlock.HashSize + 32;

    public List<ArchivedBlock> Blocks => blocks;

    public override long Size { get; } = blocks.Sum(b => (long)b.Bytes.Length + BlockOverhead);
}
