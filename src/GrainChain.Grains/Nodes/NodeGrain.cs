using System.Collections.Immutable;
using System.Globalization;
using GrainChain.Abstractions.Nodes;
using GrainChain.Grains.Services;
using GrainChain.Hosting;
using GrainChain.Hosting.Blocks;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Node;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.TransactionPool;
using GrainChain.Ledger.Transactions;
using Orleans.Runtime;

namespace GrainChain.Grains.Nodes;

/// <summary>
/// One ledger node: a <see cref="LedgerNode"/> rebuilt on activation from the block archive and the persisted tip,
/// with its pending transactions persisted before a submission is acknowledged.
/// </summary>
[GrainType("node")]
public sealed partial class NodeGrain(
    [PersistentState("node", GrainChainOptions.StorageName)] IPersistentState<NodeState> state,
    LedgerServices ledger,
    IBlockArchive archive,
    IPeerDirectory peers) : Grain, INodeGrain
{
    private const int MaxPage = 500;
    private const int MaxBlocksPerCall = 1_000;

    private LedgerNode? _node;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Settings is { } settings)
        {
            await OpenAsync(settings, cancellationToken);
            await FollowPeersAsync();
        }
    }

    public async Task<NodeStatus> CreateAsync(NodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var chain = ChainProfiles.Find(settings.Profile)
            ?? throw new ArgumentException($"unknown chain profile '{settings.Profile}': use one of {string.Join(", ", ChainProfiles.Names)}", nameof(settings));
        settings = settings with { Profile = chain.Name };
        if (state.State.Settings is { } existing)
        {
            if (existing != settings)
                throw new NodeConflictException(
                    $"node '{Name}' exists with profile {existing.Profile} and miner {existing.Miner}; it cannot be created again with profile {settings.Profile} and miner {settings.Miner}");
            return Status();
        }

        state.State.Settings = settings;
        state.State.TipHash = chain.GenesisHeader.ComputeHash();
        await state.WriteStateAsync();
        await OpenAsync(settings, CancellationToken.None);
        return Status();
    }

    public Task<NodeStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task<TransactionSubmission> SubmitTransactionAsync(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var node = Node();
        var admission = node.SubmitTransaction(transaction);
        if (admission.Outcome is MempoolAdmissionOutcome.Added or MempoolAdmissionOutcome.Replaced)
        {
            await SaveAsync(CancellationToken.None);
            await AnnounceAsync([transaction.Id]);
        }

        return new TransactionSubmission(transaction.Id, admission.IsAccepted, admission.Reason.ToString(), admission.Message);
    }

    public async Task<IReadOnlyList<MinedBlock>> MineAsync(int blocks, CancellationToken cancellationToken = default)
    {
        if (blocks is < 1 or > MaxBlocksPerCall)
            throw new ArgumentOutOfRangeException(nameof(blocks), blocks, $"mine between 1 and {MaxBlocksPerCall} blocks per call");
        var node = Node();
        var miner = state.State.Settings!.Miner;
        var mined = new List<MinedBlock>(blocks);
        for (var i = 0; i < blocks; i++)
        {
            var template = node.CreateTemplate(miner);
            // The search runs on the miner's own worker; this turn only waits for it.
            var block = await ledger.Miner.MineAsync(template, cancellationToken);
            var acceptance = node.SubmitBlock(block);
            if (!acceptance.TipChanged)
                throw new InvalidOperationException($"the node refused its own block: {acceptance}");
            await ChainRestorer.ArchiveAsync(archive, acceptance.Connected, CancellationToken.None);
            await SaveAsync(CancellationToken.None);
            await AnnounceAsync();
            mined.Add(new MinedBlock(block.Hash, acceptance.TipHeight, block.Transactions.Length));
        }

        return mined;
    }

    public Task<ChainPage> GetChainAsync(long fromHeight, int count)
    {
        var node = Node();
        if (fromHeight < 0) throw new ArgumentOutOfRangeException(nameof(fromHeight), fromHeight, "heights start at 0");
        if (count is < 1 or > MaxPage) throw new ArgumentOutOfRangeException(nameof(count), count, $"a page holds 1 to {MaxPage} blocks");
        var blocks = ImmutableArray.CreateBuilder<Block>();
        for (var h = fromHeight; h <= node.State.Height && blocks.Count < count; h++)
            blocks.Add(node.State.GetBlockAtHeight(h)!);
        return Task.FromResult(new ChainPage(fromHeight, blocks.ToImmutable(), node.State.Height + 1));
    }

    public Task<Block?> GetBlockAsync(Hash256 hash) =>
        Task.FromResult(Node().State.TryGetBlock(hash, out var block) ? block : null);

    public Task<Block?> GetBlockAtHeightAsync(long height) =>
        Task.FromResult(height < 0 ? null : Node().State.GetBlockAtHeight(height));

    public Task<Transaction?> GetTransactionAsync(Hash256 id)
    {
        var node = Node();
        if (node.Mempool.TryGet(id, out var pending)) return Task.FromResult<Transaction?>(pending);
        // Newest first: a transaction asked about is most often a recent one.
        for (var h = node.State.Height; h >= 0; h--)
        {
            foreach (var tx in node.State.GetBlockAtHeight(h)!.Transactions)
                if (tx.Id == id) return Task.FromResult<Transaction?>(tx);
        }

        return Task.FromResult<Transaction?>(null);
    }

    public Task<AccountView> GetAccountAsync(Address address)
    {
        var accounts = Node().State.Accounts;
        return Task.FromResult(new AccountView(address, accounts.BalanceOf(address), accounts.NextNonceOf(address)));
    }

    private async Task OpenAsync(NodeSettings settings, CancellationToken cancellationToken)
    {
        var chain = ChainProfiles.Find(settings.Profile)
            ?? throw new InvalidOperationException($"node '{Name}' was stored with unknown profile '{settings.Profile}'");
        var node = new LedgerNode(chain, ledger.BlocksOf(chain), ledger.Signatures, ledger.Clock);
        await ChainRestorer.RestoreAsync(node, archive, state.State.TipHash, cancellationToken);
        node.Mempool.ReAdmit(state.State.Pending, node.State.Accounts);
        _node = node;
    }

    private Task SaveAsync(CancellationToken cancellationToken)
    {
        var node = Node();
        cancellationToken.ThrowIfCancellationRequested();
        state.State.TipHash = node.State.Tip.Hash;
        state.State.Pending = [.. node.Mempool.Snapshot()];
        return state.WriteStateAsync();
    }

    private LedgerNode Node() => _node ?? throw new NodeNotFoundException(Name);

    private NodeStatus Status()
    {
        var node = Node();
        var settings = state.State.Settings!;
        var tip = node.State.Tip;
        var now = ledger.Clock.GetUtcNow();
        return new NodeStatus(Name, settings.Profile, settings.Miner, tip.Hash, tip.Height,
            tip.CumulativeWork.ToString(CultureInfo.InvariantCulture), node.Mempool.Count, [.. state.State.Peers],
            [.. state.State.Bans.Where(b => b.Value > now).Select(b => b.Key).Order(StringComparer.Ordinal)]);
    }
}
