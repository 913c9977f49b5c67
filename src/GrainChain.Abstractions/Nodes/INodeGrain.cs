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
public interface INodeGrain : IBlockSource
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

    [Alias("account")]
    Task<AccountView> GetAccountAsync(Address address);

    /// <summary>
    /// Makes <paramref name="peer"/> a peer: this node follows its announcements and may take its chain. The peer
    /// must exist, be another node, and be on the same chain profile. Adding a peer again is a no-op.
    /// </summary>
    [Alias("add-peer")]
    Task<IReadOnlyList<string>> AddPeerAsync(string peer);

    /// <summary>
    /// Adds several peers at once, all or none: if any cannot be a peer (as for <see cref="AddPeerAsync"/>), the node's
    /// peers are unchanged and a <see cref="PeerRejectedException"/> names the first such peer by its index.
    /// </summary>
    [Alias("add-peers")]
    Task<IReadOnlyList<string>> AddPeersAsync(IReadOnlyList<string> peers);

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
}
