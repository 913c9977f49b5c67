using GrainChain.Abstractions.Nodes;
using GrainChain.Grains.Peers;
using GrainChain.Grains.Services;
using GrainChain.Hosting;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Serialization.Invocation;

namespace GrainChain.Grains.Nodes;

/// <summary>
/// A ledger node's public face. It owns the node's list of peers and hands everything else to the node's grains:
/// the chain (<see cref="IChainGrain"/>), one link per peer (<see cref="IPeerGrain"/>) and the consensus
/// (<see cref="IConsensusGrain"/>), all keyed by the node's name.
/// </summary>
/// <remarks>
/// Transaction submissions are grouped: they interleave with each other (and touch nothing but the queue below), and
/// whatever arrives while one batch is on its way to the chain goes in the next, as one
/// <see cref="IChainGrain.SubmitTransactionsAsync"/> call, so one mempool write serves them all. Each caller is
/// still answered only once the chain has persisted its batch.
/// </remarks>
[GrainType("node"), MayInterleave(nameof(MayInterleave))]
public sealed class NodeGrain(
    [PersistentState("node", GrainChainOptions.StorageName)] IPersistentState<NodeState> state,
    LedgerServices ledger,
    IPeerDirectory directory,
    IOptions<PeerOptions> options) : Grain, INodeGrain
{
    /// <summary>The most transactions handed to the chain in one call (about 200 kB of message).</summary>
    public const int MaxSubmissionBatch = 1_000;

    /// <summary>The most peers one <see cref="INodeGrain.AddPeersAsync"/> call may name.</summary>
    public const int MaxPeersAddedAtOnce = 100;

    // Submissions waiting for the next batch, in arrival order, and whether a batch is on its way to the chain.
    private List<(Transaction Transaction, TaskCompletionSource<TransactionSubmission> Answer)> _queued = [];
    private bool _submitting;

    private string Name => this.GetPrimaryKeyString();

    /// <summary>Lets transaction submissions interleave, so that they can be grouped; every other call keeps its turn to itself.</summary>
    public static bool MayInterleave(IInvokable request) =>
        request is not null && request.GetInterfaceType() == typeof(INodeGrain)
        && request.GetMethodName() == nameof(INodeGrain.SubmitTransactionAsync);

    private IChainGrain Chain => GrainFactory.GetGrain<IChainGrain>(Name);

    public async Task<NodeStatus> CreateAsync(NodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        NodeNames.Validate(Name, "name");
        var summary = await Chain.CreateAsync(settings);
        if (state.State.Settings is null)
        {
            state.State.Settings = summary.Settings;
            await state.WriteStateAsync();
        }

        // Again on every create (a no-op once listed), so a crash between the two writes heals on the next try.
        await GrainFactory.GetGrain<INodeRegistryGrain>(0).RegisterAsync(Name);

        return await GetStatusAsync();
    }

    public async Task<NodeStatus> GetStatusAsync()
    {
        var peers = state.State.Peers.ToList();
        var summaryTask = Chain.GetSummaryAsync();
        var linksTask = Task.WhenAll(peers.Select(p => Link(p).GetStatusAsync()));
        var summary = await summaryTask;
        var links = await linksTask;
        var now = ledger.Clock.GetUtcNow();
        return new NodeStatus(Name, summary.Settings.Profile, summary.Settings.Miner, summary.TipHash, summary.Height,
            summary.CumulativeWork, summary.PendingTransactions, [.. peers],
            [.. links.Where(l => l.IsBanned(now)).Select(l => l.Peer).Order(StringComparer.Ordinal)])
        {
            Mining = summary.Mining,
        };
    }

    public Task<TransactionSubmission> SubmitTransactionAsync(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var answer = new TaskCompletionSource<TransactionSubmission>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queued.Add((transaction, answer));
        if (!_submitting)
        {
            _submitting = true;
            _ = SubmitQueuedAsync();
        }

        return answer.Task;
    }

    /// <summary>
    /// Hands the queue to the chain batch after batch (in arrival order, so one sender's nonces stay in order) until it
    /// is empty. Runs on the grain's scheduler: the queue is only touched between awaits.
    /// </summary>
    private async Task SubmitQueuedAsync()
    {
        try
        {
            while (_queued.Count > 0)
            {
                List<(Transaction Transaction, TaskCompletionSource<TransactionSubmission> Answer)> batch;
                if (_queued.Count <= MaxSubmissionBatch)
                {
                    batch = _queued;
                    _queued = [];
                }
                else
                {
                    batch = _queued.GetRange(0, MaxSubmissionBatch);
                    _queued.RemoveRange(0, MaxSubmissionBatch);
                }

                try
                {
                    var results = await Chain.SubmitTransactionsAsync([.. batch.Select(b => b.Transaction)]);
                    if (results.Count != batch.Count)
                        throw new InvalidOperationException($"the chain answered {results.Count} submissions for {batch.Count} transactions");
                    for (var i = 0; i < batch.Count; i++) batch[i].Answer.TrySetResult(results[i]);
                }
                catch (Exception e)
                {
                    foreach (var (_, answer) in batch) answer.TrySetException(e);
                }
            }
        }
        finally
        {
            _submitting = false;
        }
    }

    public Task<IReadOnlyList<MinedBlock>> MineAsync(int blocks, CancellationToken cancellationToken = default) =>
        Chain.MineAsync(blocks, cancellationToken);

    public Task StartMiningAsync() => Chain.StartMiningAsync();

    public Task<long> StopMiningAsync() => Chain.StopMiningAsync();

    public Task<ChainPage> GetChainAsync(long fromHeight, int count) => Chain.GetChainAsync(fromHeight, count);

    public Task<Block?> GetBlockAsync(Hash256 hash) => Chain.GetBlockAsync(hash);

    public Task<Block?> GetBlockAtHeightAsync(long height) => Chain.GetBlockAtHeightAsync(height);

    public Task<Transaction?> GetTransactionAsync(Hash256 id) => Chain.GetTransactionAsync(id);

    public Task<AccountView> GetAccountAsync(Address address) => Chain.GetAccountAsync(address);

    public Task<NodeAnnouncement> GetTipAsync() => Chain.GetTipAsync();

    public Task<IReadOnlyList<BlockHeader>> GetHeadersAfterAsync(IReadOnlyList<Hash256> locator, int max) =>
        Chain.GetHeadersAfterAsync(locator, max);

    public Task<IReadOnlyList<Block>> GetBlocksAfterAsync(IReadOnlyList<Hash256> locator, int max) => Chain.GetBlocksAfterAsync(locator, max);

    public Task<IReadOnlyList<Block?>> GetBlocksAsync(IReadOnlyList<Hash256> hashes) => Chain.GetBlocksAsync(hashes);

    public Task<IReadOnlyList<Hash256>> GetPendingTransactionIdsAsync(int max) => Chain.GetPendingTransactionIdsAsync(max);

    public async Task<IReadOnlyList<string>> AddPeerAsync(string peer)
    {
        try
        {
            return await AddPeersAsync([peer]);
        }
        catch (PeerRejectedException e)
        {
            throw new ArgumentException(e.Message, nameof(peer));
        }
    }

    public async Task<IReadOnlyList<string>> AddPeersAsync(IReadOnlyList<string> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        var settings = Settings();
        // Each name costs a call to that node and to its link: a bounded list keeps one request from fanning out without end.
        if (peers.Count > MaxPeersAddedAtOnce)
            throw new PeerRejectedException(MaxPeersAddedAtOnce, peers[MaxPeersAddedAtOnce] ?? "", $"at most {MaxPeersAddedAtOnce} peers can be added at once");
        var added = new List<string>();
        for (var i = 0; i < peers.Count; i++)
        {
            if (NodeNames.Problem(peers[i]) is { } problem) throw new PeerRejectedException(i, peers[i] ?? "", problem);
            if (peers[i] == Name) throw new PeerRejectedException(i, peers[i], $"node '{Name}' cannot be its own peer");
            if (!state.State.Peers.Contains(peers[i]) && !added.Contains(peers[i])) added.Add(peers[i]);
        }
        if (added.Count == 0) return state.State.Peers;

        // Every check before any change, so a list with one bad name leaves the node as it was.
        var problems = await Task.WhenAll(added.Select(p => CheckPeerAsync(p, settings)));
        for (var k = 0; k < added.Count; k++)
        {
            if (problems[k] is { } problem)
            {
                var index = Enumerable.Range(0, peers.Count).First(i => peers[i] == added[k]);
                throw new PeerRejectedException(index, added[k], problem);
            }
        }

        state.State.Peers.AddRange(added);
        await state.WriteStateAsync();
        await Task.WhenAll(added.Select(p => Link(p).StartAsync()));
        return state.State.Peers;
    }

    // Why a node cannot become a peer of this one, or null if it can.
    private async Task<string?> CheckPeerAsync(string peer, NodeSettings settings)
    {
        var link = await Link(peer).GetStatusAsync();
        if (link.IsBanned(ledger.Clock.GetUtcNow()))
            return $"node '{peer}' is banned until {link.BannedUntil:u} for misbehaviour ({link.LastOffence})";
        NodeStatus status;
        try
        {
            status = await directory.Node(GrainFactory, peer).GetStatusAsync().WaitAsync(options.Value.RequestTimeout);
        }
        catch (NodeNotFoundException)
        {
            return $"there is no node named '{peer}' to add as a peer";
        }
        return status.Profile != settings.Profile
            ? $"node '{peer}' is on chain '{status.Profile}', node '{Name}' on '{settings.Profile}': peers share a chain"
            : null;
    }

    public async Task<IReadOnlyList<string>> RemovePeerAsync(string peer)
    {
        Settings();
        if (!state.State.Peers.Remove(peer)) return state.State.Peers;
        await state.WriteStateAsync();
        await Link(peer).StopAsync();
        return state.State.Peers;
    }

    public Task<IReadOnlyList<string>> GetPeersAsync()
    {
        Settings();
        return Task.FromResult<IReadOnlyList<string>>(state.State.Peers);
    }

    public async Task<IReadOnlyList<PeerLinkStatus>> GetPeerLinksAsync()
    {
        Settings();
        return await Task.WhenAll(state.State.Peers.Select(p => Link(p).GetStatusAsync()));
    }

    public Task<ResolveResult> ResolveAsync()
    {
        Settings();
        return GrainFactory.GetGrain<IConsensusGrain>(Name).ResolveAsync([.. state.State.Peers]);
    }

    private NodeSettings Settings() => state.State.Settings ?? throw new NodeNotFoundException(Name);

    private IPeerGrain Link(string peer) => GrainFactory.GetGrain<IPeerGrain>(NodeNames.LinkKey(Name, peer));
}
