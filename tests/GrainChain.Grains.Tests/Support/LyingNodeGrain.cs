using GrainChain.Abstractions.Nodes;
using GrainChain.Hosting;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using Orleans.Concurrency;

namespace GrainChain.Grains.Tests.Support;

/// <summary>
/// A peer that lies: it claims the work the test gives it (or far more than any honest node) and offers whatever
/// block the test gave it, or withholds or never sends its body. Only the calls a syncing node makes are answered.
/// </summary>
[GrainType("liar"), Reentrant]
public sealed class LyingNodeGrain : Grain, INodeGrain, ILiarGrain
{
    private const string Boundless = "999999999999";

    private Block? _block;
    private string _work = Boundless;
    private bool _withhold;
    private bool _hang;
    private Transaction? _transaction;

    private string Name => this.GetPrimaryKeyString();

    public Task ServeAsync(Block block, string claimedWork, bool withholdBody = false, bool hangOnBody = false)
    {
        (_block, _work, _withhold, _hang) = (block, claimedWork, withholdBody, hangOnBody);
        return Task.CompletedTask;
    }

    public Task ServeTransactionAsync(Transaction transaction)
    {
        _transaction = transaction;
        return Task.CompletedTask;
    }

    public Task AnnounceAsync(NodeAnnouncement announcement) =>
        this.GetStreamProvider(NodeStreams.ProviderName)
            .GetStream<NodeAnnouncement>(NodeStreamIds.Of(Name))
            .OnNextAsync(announcement);

    public Task<NodeStatus> GetStatusAsync() =>
        Task.FromResult(new NodeStatus(Name, "test", Address.Zero, _block?.Hash ?? Hash256.Zero, 1_000_000, _work, 0, [], []));

    public Task<NodeAnnouncement> GetTipAsync() =>
        Task.FromResult(new NodeAnnouncement(Name, _block?.Hash ?? Hash256.Zero, 1_000_000, _work));

    public Task<IReadOnlyList<BlockHeader>> GetHeadersAfterAsync(IReadOnlyList<Hash256> locator, int max) =>
        Task.FromResult<IReadOnlyList<BlockHeader>>(_block is null ? [] : [_block.Header]);

    public async Task<IReadOnlyList<Block>> GetBlocksAfterAsync(IReadOnlyList<Hash256> locator, int max)
    {
        if (_hang) await new TaskCompletionSource().Task;
        return _block is null || _withhold ? [] : [_block];
    }

    public async Task<IReadOnlyList<Block?>> GetBlocksAsync(IReadOnlyList<Hash256> hashes)
    {
        if (_hang) await new TaskCompletionSource().Task;
        return [.. hashes.Select(_ => _withhold ? null : _block)];
    }

    public Task<NodeStatus> CreateAsync(NodeSettings settings) => throw new NotSupportedException();
    public Task<TransactionSubmission> SubmitTransactionAsync(Transaction transaction) => throw new NotSupportedException();
    public Task<IReadOnlyList<MinedBlock>> MineAsync(int blocks, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task StartMiningAsync() => throw new NotSupportedException();
    public Task<long> StopMiningAsync() => throw new NotSupportedException();
    public Task<ChainPage> GetChainAsync(long fromHeight, int count) => throw new NotSupportedException();
    public Task<Block?> GetBlockAsync(Hash256 hash) => throw new NotSupportedException();
    public Task<Block?> GetBlockAtHeightAsync(long height) => throw new NotSupportedException();
    // "Don't have" for every transaction it announces, unless the test gave it one to serve for any id.
    public Task<Transaction?> GetTransactionAsync(Hash256 id) => Task.FromResult(_transaction);
    public Task<AccountView> GetAccountAsync(Address address) => throw new NotSupportedException();
    public Task<IReadOnlyList<string>> AddPeerAsync(string peer) => throw new NotSupportedException();
    public Task<IReadOnlyList<string>> AddPeersAsync(IReadOnlyList<string> peers) => throw new NotSupportedException();
    public Task<IReadOnlyList<string>> RemovePeerAsync(string peer) => throw new NotSupportedException();
    public Task<IReadOnlyList<string>> GetPeersAsync() => throw new NotSupportedException();
    public Task<IReadOnlyList<PeerLinkStatus>> GetPeerLinksAsync() => throw new NotSupportedException();
    public Task<ResolveResult> ResolveAsync() => throw new NotSupportedException();
    public Task<IReadOnlyList<Hash256>> GetPendingTransactionIdsAsync(int max) => Task.FromResult<IReadOnlyList<Hash256>>([]);
}
