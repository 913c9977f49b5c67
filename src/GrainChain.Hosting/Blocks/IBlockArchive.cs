namespace GrainChain.Hosting.Blocks;

/// <summary>Content-addressed block bytes shared by every node of a cluster.</summary>
/// <remarks>
/// A silo-level service (not a grain) on the cluster's database: a block is stored once per hash for the whole
/// cluster, however many nodes hold it, and a node rebuilds its chain from here when it activates. Hashes are
/// <see cref="ArchivedBlock.HashSize"/> bytes; any other length is an <see cref="ArgumentException"/>.
/// </remarks>
public interface IBlockArchive
{
    /// <summary>
    /// Stores the blocks not yet present, in one transaction: idempotent by hash, and a hash stored already (or
    /// repeated in <paramref name="blocks"/>) keeps the bytes stored first. Durable when the task completes.
    /// Cancelling stops the wait; blocks already handed to the database may still be stored.
    /// </summary>
    Task PutAsync(IReadOnlyCollection<ArchivedBlock> blocks, CancellationToken cancellationToken = default);

    /// <summary>The block stored under <paramref name="hash"/>, or null.</summary>
    Task<ArchivedBlock?> GetAsync(byte[] hash, CancellationToken cancellationToken = default);

    /// <summary>
    /// The chain ending at <paramref name="tipHash"/>, walking parent links: newest first, at most
    /// <paramref name="maxBlocks"/> blocks, ending where a parent is not stored (a genesis block's parent, all
    /// zeros, never is). Empty when the tip itself is not stored.
    /// </summary>
    Task<IReadOnlyList<ArchivedBlock>> GetAncestryAsync(byte[] tipHash, int maxBlocks, CancellationToken cancellationToken = default);
}
