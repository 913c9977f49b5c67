using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using Orleans.Concurrency;
using Orleans.Metadata;

namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// One ledger node, keyed by its name: its chain, account state and mempool. Every call but
/// <see cref="CreateAsync"/> on a node never created fails with <see cref="NodeNotFoundException"/>.
/// </summary>
[Alias("gc.node"), DefaultGrainType("node")]
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>Creates the node; again with the same settings is a no-op, with others a <see cref="NodeConflictException"/>.</summary>
    [Alias("create")]
    Task<NodeStatus> CreateAsync(NodeSettings settings);

    /// <summary>The node's status; answered even while the node is busy, so two nodes adding each other never wait on each other.</summary>
    [Alias("status"), AlwaysInterleave]
    Task<NodeStatus> GetStatusAsync();

    /// <summary>Offers a signed transfer to the mempool; an accepted one is persisted before the answer.</summary>
    [Alias("submit-tx")]
    Task<TransactionSubmission> SubmitTransactionAsync(Transaction transaction);

    /// <summary>Mines <paramref name="blocks"/> blocks on the best tip, one after another, paying the node's miner.</summary>
    [Alias("mine"), AlwaysInterleave]
    Task<IReadOnlyList<MinedBlock>> MineAsync(int blocks, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> blocks of the best chain from <paramref name="fromHeight"/> (at most 500).</summary>
    [Alias("chain")]
    Task<ChainPage> GetChainAsync(long fromHeight, int count);

    [Alias("block")]
    Task<Block?> GetBlockAsync(Hash256 hash);

    [Alias("block-at")]
    Task<Block?> GetBlockAtHeightAsync(long height);

    /// <summary>A pending transaction, or one on the best chain; answered even while the node is busy (peers pull from it).</summary>
    [Alias("tx"), AlwaysInterleave]
    Task<Transaction?> GetTransactionAsync(Hash256 id);

    [Alias("account")]
    Task<AccountView> GetAccountAsync(Address address);

    /// <summary>
    /// Makes <paramref name="peer"/> a peer: this node follows its announcements and may take its chain. The peer
    /// must exist, be another node, and be on the same chain profile. Adding a peer again is a no-op.
    /// </summary>
    [Alias("add-peer")]
    Task<IReadOnlyList<string>> AddPeerAsync(string peer);

    /// <summary>Stops following <paramref name="peer"/>; removing a peer that is not one is a no-op.</summary>
    [Alias("remove-peer")]
    Task<IReadOnlyList<string>> RemovePeerAsync(string peer);

    [Alias("peers")]
    Task<IReadOnlyList<string>> GetPeersAsync();

    /// <summary>What the node knows of each peer: last announcement, misbehaviour score, ban.</summary>
    [Alias("peer-links")]
    Task<IReadOnlyList<PeerLinkStatus>> GetPeerLinksAsync();

    /// <summary>Starts mining continuously on the best tip (a no-op if already mining); the node keeps answering meanwhile.</summary>
    [Alias("start-mining")]
    Task StartMiningAsync();

    /// <summary>Stops continuous mining; returns how many blocks it mined since it started.</summary>
    [Alias("stop-mining")]
    Task<long> StopMiningAsync();

    /// <summary>
    /// Longest-chain consensus: asks every peer for its tip and, if one has more cumulative work, downloads the
    /// blocks that follow this node's chain from it in batches and validates them. A peer that is unreachable or
    /// sends an invalid block is reported in the result; it never fails the resolve.
    /// </summary>
    [Alias("resolve")]
    Task<ResolveResult> ResolveAsync();

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
