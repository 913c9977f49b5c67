using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Grains.Tests.Support;

/// <summary>
/// A peer that lies: it claims far more work than any honest node and serves whatever block the test gave it (or
/// nothing). Only the calls a resolving node makes are answered.
/// </summary>
[GrainType("liar")]
public sealed class LyingNodeGrain : Grain, INodeGrain, ILiarGrain
{
    private Block? _block;

    private string Name => this.GetPrimaryKeyString();

    public Task ServeAsync(Block block)
    {
        _block = block;
        return Task.CompletedTask;
    }

    public Task AnnounceAsync(NodeAnnouncement announcement) =>
        this.GetStreamProvider(NodeStreams.ProviderName)
            .GetStream<NodeAnnouncement>(StreamId.Create(NodeStreams.Namespace, Name))
            .OnNextAsync(announcement);

    public Task<NodeStatus> GetStatusAsync() =>
        Task.FromResult(new NodeStatus(Name, "test", Address.Zero, _block?.Hash ?? Hash256.Zero, 1_000_000, "999999999999", 0, [], []));

    public Task<NodeAnnouncement> GetTipAsync() =>
        Task.FromResult(new NodeAnnouncement(Name, _block?.Hash ?? Hash256.Zero, 1_000_000, "999999999999"));

    public Task<IReadOnlyList<Block>> GetBlocksAfterAsync(IReadOnlyList<Hash256> locator, int max) =>
        Task.FromResult<IReadOnlyList<Block>>(_block is null ? [] : [_block]);

    public Task<NodeStatus> CreateAsync(NodeSettings settings) => throw new NotSupportedException();
    public Task<TransactionSubmission> SubmitTransactionAsync(Transaction transaction) => throw new NotSupportedException();
    public Task<IReadOnlyList<MinedBlock>> MineAsync(int blocks, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<ChainPage> GetChainAsync(long fromHeight, int count) => throw new NotSupportedException();
    public Task<Block?> GetBlockAsync(Hash256 hash) => throw new NotSupportedException();
    public Task<Block?> GetBlockAtHeightAsync(long height) => throw new NotSupportedException();
    public Task<Transaction?> GetTransactionAsync(Hash256 id) => throw new NotSupportedException();
    public Task<AccountView> GetAccountAsync(Address address) => throw new NotSupportedException();
    public Task<IReadOnlyList<string>> AddPeerAsync(string peer) => throw new NotSupportedException();
    public Task<IReadOnlyList<string>> RemovePeerAsync(string peer) => throw new NotSupportedException();
    public Task<IReadOnlyList<string>> GetPeersAsync() => throw new NotSupportedException();
    public Task<ResolveResult> ResolveAsync() => throw new NotSupportedException();
}
