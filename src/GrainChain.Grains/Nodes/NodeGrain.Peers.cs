using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.TransactionPool;
using GrainChain.Ledger.Transactions;
using Orleans.Streams;

namespace GrainChain.Grains.Nodes;

/// <summary>The node's peers: following their announcement streams, serving them blocks, and resolving against them.</summary>
public sealed partial class NodeGrain
{
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(10);
    private const int MaxBlocksServed = ChainSync.BatchSize;

    // A locator holds about 10 + log2(height) hashes; a longer one only costs the node that answers it.
    private const int MaxLocatorHashes = 128;

    public async Task<IReadOnlyList<string>> AddPeerAsync(string peer)
    {
        var node = Node();
        if (string.IsNullOrWhiteSpace(peer)) throw new ArgumentException("a peer is named by its node name", nameof(peer));
        if (peer == Name) throw new ArgumentException($"node '{Name}' cannot be its own peer", nameof(peer));
        if (state.State.Peers.Contains(peer)) return state.State.Peers;
        if (state.State.Bans.TryGetValue(peer, out var until) && until > ledger.Clock.GetUtcNow())
            throw new ArgumentException($"node '{peer}' is banned until {until:u} for misbehaviour", nameof(peer));
        NodeStatus status;
        try
        {
            status = await Peer(peer).GetStatusAsync().WaitAsync(PeerTimeout);
        }
        catch (NodeNotFoundException)
        {
            throw new ArgumentException($"there is no node named '{peer}' to add as a peer", nameof(peer));
        }

        if (status.Profile != node.Chain.Name)
            throw new ArgumentException($"node '{peer}' is on chain '{status.Profile}', node '{Name}' on '{node.Chain.Name}': peers share a chain", nameof(peer));
        state.State.Peers.Add(peer);
        await state.WriteStateAsync();
        await SubscribeAsync(peer);
        return state.State.Peers;
    }

    public async Task<IReadOnlyList<string>> RemovePeerAsync(string peer)
    {
        Node();
        if (!state.State.Peers.Remove(peer)) return state.State.Peers;
        await state.WriteStateAsync();
        foreach (var handle in await StreamOf(peer).GetAllSubscriptionHandles()) await handle.UnsubscribeAsync();
        return state.State.Peers;
    }

    public Task<IReadOnlyList<string>> GetPeersAsync()
    {
        Node();
        return Task.FromResult<IReadOnlyList<string>>(state.State.Peers);
    }

    public async Task<ResolveResult> ResolveAsync()
    {
        var node = Node();
        var before = node.State.Tip.Hash;
        var now = ledger.Clock.GetUtcNow();
        var banned = state.State.Peers.Where(p => PeerBans.IsBanned(state.State.Bans, p, now)).ToList();
        var sync = new ChainSync(node, PersistAsync, PeerTimeout);
        var result = await sync.ResolveAsync([.. state.State.Peers.Except(banned).Select(p => (p, Peer(p)))]);
        await BanAsync(sync.Misbehaving);
        if (node.State.Tip.Hash != before) await AnnounceAsync();
        return result with
        {
            PeerErrors = result.PeerErrors.AddRange(banned.Select(p => new PeerError(p, $"banned until {state.State.Bans[p]:u}", Banned: true))),
        };
    }

    public Task<IReadOnlyList<Block>> GetBlocksAfterAsync(IReadOnlyList<Hash256> locator, int max)
    {
        ArgumentNullException.ThrowIfNull(locator);
        if (locator.Count > MaxLocatorHashes)
            throw new ArgumentException($"a block locator holds at most {MaxLocatorHashes} hashes, got {locator.Count}", nameof(locator));
        var chain = Node().State;
        var headers = chain.GetHeadersAfter(locator, Math.Clamp(max, 0, MaxBlocksServed));
        var blocks = new List<Block>(headers.Length);
        foreach (var header in headers)
            if (chain.TryGetBlock(header.ComputeHash(), out var block)) blocks.Add(block);
        return Task.FromResult<IReadOnlyList<Block>>(blocks);
    }

    public Task<NodeAnnouncement> GetTipAsync() => Task.FromResult(Tip());

    /// <summary>
    /// A peer's announcement: pull the transactions it lists that this node lacks, and its chain when it claims more
    /// work than this node has.
    /// </summary>
    private async Task OnAnnouncementAsync(NodeAnnouncement announcement, StreamSequenceToken? token)
    {
        var node = Node();
        if (!state.State.Peers.Contains(announcement.Node)) return;
        if (PeerBans.IsBanned(state.State.Bans, announcement.Node, ledger.Clock.GetUtcNow())) return;
        if (!announcement.TransactionIds.IsDefaultOrEmpty) await PullTransactionsAsync(announcement);
        if (!BigInteger.TryParse(announcement.CumulativeWork, NumberStyles.None, CultureInfo.InvariantCulture, out var work)
            || work <= node.State.Tip.CumulativeWork) return;
        var before = node.State.Tip.Hash;
        var sync = new ChainSync(node, PersistAsync, PeerTimeout);
        // The announcement carries the work: go straight to the download, one round trip fewer per gossip hop.
        await sync.FollowAnnouncementAsync((announcement.Node, Peer(announcement.Node)), work);
        await BanAsync(sync.Misbehaving);
        // Re-announce only what was accepted: a node that gained nothing stays quiet, so a gossip round ends.
        if (node.State.Tip.Hash != before) await AnnounceAsync();
    }

    private async Task PersistAsync(IReadOnlyList<BlockAcceptance> accepted)
    {
        var connected = accepted.SelectMany(a => a.Connected).ToList();
        if (connected.Count == 0) return;
        await ChainRestorer.ArchiveAsync(archive, connected, CancellationToken.None);
        await SaveAsync(CancellationToken.None);
    }

    private INodeGrain Peer(string name) => peers.Resolve(GrainFactory, name);

    private const int MaxTransactionsPulled = 100;

    /// <summary>Fetches listed transactions this node lacks from the announcer and offers them to the mempool; re-announces the accepted.</summary>
    private async Task PullTransactionsAsync(NodeAnnouncement announcement)
    {
        var node = Node();
        var source = Peer(announcement.Node);
        var accepted = new List<Hash256>();
        foreach (var id in announcement.TransactionIds.Take(MaxTransactionsPulled))
        {
            if (node.Mempool.Contains(id)) continue;
            Transaction? transaction;
            try
            {
                transaction = await source.GetTransactionAsync(id).WaitAsync(PeerTimeout);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // An unreachable, slow or broken announcer: keep what was pulled so far, ask nothing more of it.
                break;
            }

            // A peer that announces a transaction it does not have, or a different one, is simply not believed.
            if (transaction is null || transaction.Id != id || transaction.IsCoinbase) continue;
            var admission = node.SubmitTransaction(transaction);
            if (admission.Outcome is MempoolAdmissionOutcome.Added or MempoolAdmissionOutcome.Replaced) accepted.Add(id);
        }

        if (accepted.Count == 0) return;
        await SaveAsync(CancellationToken.None);
        await AnnounceAsync([.. accepted]);
    }

    /// <summary>Bans misbehaving peers (their announcements are ignored and resolves skip them until the ban ends).</summary>
    private async Task BanAsync(IReadOnlyList<string> misbehaving)
    {
        var now = ledger.Clock.GetUtcNow();
        var changed = PeerBans.Expire(state.State.Bans, now);
        foreach (var peer in misbehaving)
        {
            state.State.Bans[peer] = now + PeerBans.Duration;
            changed = true;
        }

        if (changed) await state.WriteStateAsync();
    }

    private Task AnnounceAsync() => StreamOf(Name).OnNextAsync(Tip());

    private Task AnnounceAsync(ImmutableArray<Hash256> transactions) =>
        StreamOf(Name).OnNextAsync(Tip() with { TransactionIds = transactions });

    private async Task FollowPeersAsync()
    {
        foreach (var peer in state.State.Peers) await SubscribeAsync(peer);
    }

    /// <summary>Subscribes to a peer's stream, or resumes the subscription this grain made in an earlier activation.</summary>
    private async Task SubscribeAsync(string peer)
    {
        var stream = StreamOf(peer);
        var handles = await stream.GetAllSubscriptionHandles();
        if (handles.Count == 0)
        {
            await stream.SubscribeAsync(OnAnnouncementAsync);
            return;
        }

        foreach (var handle in handles) await handle.ResumeAsync(OnAnnouncementAsync);
    }

    private IAsyncStream<NodeAnnouncement> StreamOf(string node) =>
        this.GetStreamProvider(NodeStreams.ProviderName).GetStream<NodeAnnouncement>(StreamId.Create(NodeStreams.Namespace, node));

    private NodeAnnouncement Tip()
    {
        var tip = Node().State.Tip;
        return new NodeAnnouncement(Name, tip.Hash, tip.Height, tip.CumulativeWork.ToString(CultureInfo.InvariantCulture));
    }
}
