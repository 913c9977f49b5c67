using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// One ledger node, keyed by its name: its chain, account state and mempool. Every call but
/// <see cref="CreateAsync"/> on a node never created fails with <see cref="NodeNotFoundException"/>.
/// </summary>
[Alias("gc.node")]
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>Creates the node; again with the same settings is a no-op, with others a <see cref="NodeConflictException"/>.</summary>
    [Alias("create")]
    Task<NodeStatus> CreateAsync(NodeSettings settings);

    [Alias("status")]
    Task<NodeStatus> GetStatusAsync();

    /// <summary>Offers a signed transfer to the mempool; an accepted one is persisted before the answer.</summary>
    [Alias("submit-tx")]
    Task<TransactionSubmission> SubmitTransactionAsync(Transaction transaction);

    /// <summary>Mines <paramref name="blocks"/> blocks on the best tip, one after another, paying the node's miner.</summary>
    [Alias("mine")]
    Task<IReadOnlyList<MinedBlock>> MineAsync(int blocks, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> blocks of the best chain from <paramref name="fromHeight"/> (at most 500).</summary>
    [Alias("chain")]
    Task<ChainPage> GetChainAsync(long fromHeight, int count);

    [Alias("block")]
    Task<Block?> GetBlockAsync(Hash256 hash);

    [Alias("block-at")]
    Task<Block?> GetBlockAtHeightAsync(long height);

    /// <summary>A pending transaction, or one on the best chain.</summary>
    [Alias("tx")]
    Task<Transaction?> GetTransactionAsync(Hash256 id);

    [Alias("account")]
    Task<AccountView> GetAccountAsync(Address address);
}
