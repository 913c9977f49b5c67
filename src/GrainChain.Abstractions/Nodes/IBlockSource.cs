using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using Orleans.Concurrency;

namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// What a node serves its peers: its tip, headers and blocks after a locator, blocks and transactions by id. Both a
/// node and its chain grain answer it; peers call the chain directly, one hop fewer. Every call answers even while
/// the node is busy mining or syncing, so peers never wait on each other.
/// </summary>
[Alias("gc.block-source")]
public interface IBlockSource : IGrainWithStringKey
{
    /// <summary>A pending transaction, or one on the best chain; answered even while the node is busy (peers pull from it).</summary>
    [Alias("tx"), AlwaysInterleave]
    Task<Transaction?> GetTransactionAsync(Hash256 id);

    /// <summary>
    /// For peers: up to <paramref name="max"/> headers (at most 2,000) of the best chain after the newest of
    /// <paramref name="locator"/>'s hashes on it (after genesis if none is). Answers even while the node is busy.
    /// </summary>
    [Alias("headers-after"), AlwaysInterleave]
    Task<IReadOnlyList<BlockHeader>> GetHeadersAfterAsync(IReadOnlyList<Hash256> locator, int max);

    /// <summary>
    /// For peers following an announcement: up to <paramref name="max"/> blocks (at most 500) of the best chain after
    /// the newest of <paramref name="locator"/>'s hashes on it. A node a few blocks behind takes a new tip this way
    /// in one round trip; a longer way goes headers first.
    /// </summary>
    [Alias("blocks-after"), AlwaysInterleave]
    Task<IReadOnlyList<Block>> GetBlocksAfterAsync(IReadOnlyList<Hash256> locator, int max);

    /// <summary>For peers: blocks by hash (at most 500), in order; null for each block the node does not have ("don't have").</summary>
    [Alias("blocks"), AlwaysInterleave]
    Task<IReadOnlyList<Block?>> GetBlocksAsync(IReadOnlyList<Hash256> hashes);

    /// <summary>For peers: the ids of up to <paramref name="max"/> pending transactions (at most 1,000), best first.</summary>
    [Alias("pending-ids"), AlwaysInterleave]
    Task<IReadOnlyList<Hash256>> GetPendingTransactionIdsAsync(int max);

    /// <summary>The tip and its work, answered even while the node is busy, so peers resolving never wait on it.</summary>
    [Alias("tip"), AlwaysInterleave]
    Task<NodeAnnouncement> GetTipAsync();
}
