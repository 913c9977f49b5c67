using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using Orleans.Concurrency;
using Orleans.Metadata;

namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// The chain of one node (keyed by the node's name): its block tree, account state and mempool, persisted as a tip
/// and pending transactions over the cluster's block archive. It announces on the node's stream what it accepted.
/// Reads answer even while a write or a mining search is under way.
/// </summary>
[Alias("gc.chain"), DefaultGrainType("chain")]
public interface IChainGrain : IBlockSource
{
    [Alias("create")]
    Task<ChainSummary> CreateAsync(NodeSettings settings);

    /// <summary>The chain's settings and tip; a chain never created fails with <see cref="NodeNotFoundException"/>.</summary>
    [Alias("summary"), AlwaysInterleave]
    Task<ChainSummary> GetSummaryAsync();

    [Alias("submit-tx")]
    Task<TransactionSubmission> SubmitTransactionAsync(Transaction transaction);

    /// <summary>Offers transactions relayed by a peer; returns each one's outcome, in order.</summary>
    [Alias("submit-txs")]
    Task<IReadOnlyList<TransactionSubmission>> SubmitTransactionsAsync(IReadOnlyList<Transaction> transactions);

    /// <summary>Offers blocks in order (idempotent: a block already held is a no-op); stops at the first invalid one.</summary>
    [Alias("submit-blocks")]
    Task<BlockBatchResult> SubmitBlocksAsync(IReadOnlyList<Block> blocks);

    /// <summary>Mines blocks one after another; the search runs off the grain's turn, each block is accepted as a write.</summary>
    [Alias("mine"), AlwaysInterleave]
    Task<IReadOnlyList<MinedBlock>> MineAsync(int blocks, CancellationToken cancellationToken = default);

    /// <summary>Starts mining continuously (no-op if already mining); stops on <see cref="StopMiningAsync"/> or deactivation.</summary>
    [Alias("start-mining")]
    Task StartMiningAsync();

    /// <summary>Stops continuous mining and waits for the search under way to end; returns the blocks mined since the start.</summary>
    [Alias("stop-mining"), AlwaysInterleave]
    Task<long> StopMiningAsync();

    /// <summary>Accepts a block this chain's own miner found (internal to the mining loop).</summary>
    [Alias("accept-mined")]
    Task<MinedBlock> AcceptMinedBlockAsync(Block block);

    [Alias("page"), AlwaysInterleave]
    Task<ChainPage> GetChainAsync(long fromHeight, int count);

    [Alias("block"), AlwaysInterleave]
    Task<Block?> GetBlockAsync(Hash256 hash);

    [Alias("block-at"), AlwaysInterleave]
    Task<Block?> GetBlockAtHeightAsync(long height);

    /// <summary>Which of <paramref name="ids"/> this chain has neither pending nor in a recent block.</summary>
    [Alias("missing-txs"), AlwaysInterleave]
    Task<IReadOnlyList<Hash256>> GetMissingTransactionsAsync(IReadOnlyList<Hash256> ids);

    [Alias("account"), AlwaysInterleave]
    Task<AccountView> GetAccountAsync(Address address);

    [Alias("locator"), AlwaysInterleave]
    Task<IReadOnlyList<Hash256>> GetLocatorAsync();

    /// <summary>Blocks that joined and left the best chain since <paramref name="formerTip"/> was its tip.</summary>
    [Alias("moved-since"), AlwaysInterleave]
    Task<(int Connected, int Disconnected)> GetMoveSinceAsync(Hash256 formerTip);

    /// <summary>
    /// Claims the download of an announced tip for one link: false if the chain has the block already or another
    /// link is fetching it (a claim lapses after the peer request timeout, so a failed fetch does not block others).
    /// </summary>
    [Alias("claim-fetch"), AlwaysInterleave]
    Task<bool> ClaimFetchAsync(Hash256 tip);

    /// <summary>Checks a peer's headers against this chain's rules before their blocks are downloaded.</summary>
    [Alias("check-headers"), AlwaysInterleave]
    Task<HeaderCheck> CheckHeadersAsync(IReadOnlyList<BlockHeader> headers);
}
