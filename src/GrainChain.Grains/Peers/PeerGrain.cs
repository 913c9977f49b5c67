using GrainChain.Abstractions.Nodes;
using GrainChain.Grains.Consensus;
using GrainChain.Grains.Nodes;
using GrainChain.Grains.Services;
using GrainChain.Hosting;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.TransactionPool;
using GrainChain.Ledger.Transactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Streams;

namespace GrainChain.Grains.Peers;

/// <summary>
/// One directed link "node->peer". It follows the peer's announcement stream: pulls the announced transactions the
/// node lacks (and hands them to the node's chain), passes announced tips on to the node's consensus grain, and keeps
/// the peer's misbehaviour score and ban.
/// </summary>
[GrainType("peer"), Orleans.Placement.PreferLocalPlacement]
public sealed partial class PeerGrain(
    [PersistentState("link", GrainChainOptions.StorageName)] IPersistentState<PeerLinkRecord> state,
    LedgerServices ledger,
    IPeerDirectory directory,
    IOptions<PeerOptions> options,
    ILogger<PeerGrain> logger) : Grain, IPeerGrain
{
    private const int MaxTransactionsPulled = 100;

    private string _node = "";
    private string _peer = "";
    private NodeAnnouncement? _last;
    private int _inFlight;
    private bool _following;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_node, _peer) = NodeNames.ParseLinkKey(this.GetPrimaryKeyString());
        // The subscription made by an earlier activation (on any silo) is the record that this link is followed.
        var handles = await Stream().GetAllSubscriptionHandles();
        if (handles.Count == 0) return;
        _following = true;
        foreach (var handle in handles) await handle.ResumeAsync(OnAnnouncementAsync);
    }

    public async Task StartAsync()
    {
        if (!_following)
        {
            await SubscribeAsync();
            _following = true;
        }

        // Announcements carry only what is new: catch up with what the peer already holds, off this call.
        await this.AsReference<IPeerGrain>().CatchUpAsync();
    }

    public async Task CatchUpAsync()
    {
        if (!_following || IsBanned) return;
        var peer = directory.Source(GrainFactory, _peer);
        NodeAnnouncement tip;
        IReadOnlyList<Hash256> pending;
        try
        {
            tip = await peer.GetTipAsync().WaitAsync(options.Value.RequestTimeout);
            pending = await peer.GetPendingTransactionIdsAsync(MaxTransactionsPulled).WaitAsync(options.Value.RequestTimeout);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogPullFailed(logger, _node, _peer, e.Message);
            return;
        }

        await OnAnnouncementAsync(tip with { TransactionIds = [.. pending] }, null);
    }

    public async Task StopAsync()
    {
        _following = false;
        _last = null;
        foreach (var handle in await Stream().GetAllSubscriptionHandles()) await handle.UnsubscribeAsync();
        if (state.State.BannedUntil is null && state.State.Score > 0)
        {
            state.State.Score = 0;
            await state.WriteStateAsync();
        }
    }

    public Task<PeerLinkStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task<PeerLinkStatus> ReportAsync(PeerOffence offence, string detail)
    {
        await RecordAsync(offence, detail);
        return Status();
    }

    private PeerLinkStatus Status()
    {
        var record = state.State;
        // A ban whose time is up reads as over (and its score as spent) even before the next write clears it.
        var over = record.BannedUntil is { } until && until <= ledger.Clock.GetUtcNow();
        return new PeerLinkStatus(_node, _peer, _following, _last, over ? 0 : record.Score,
            over ? null : record.BannedUntil, _inFlight)
        {
            LastOffence = record.LastOffence,
        };
    }

    private bool IsBanned => state.State.BannedUntil is { } until && until > ledger.Clock.GetUtcNow();

    private async Task RecordAsync(PeerOffence offence, string detail)
    {
        var wasBanned = IsBanned;
        PeerScoring.Record(state.State, offence, detail, ledger.Clock.GetUtcNow(), options.Value.BanDuration);
        await state.WriteStateAsync();
        LogOffence(logger, _node, _peer, offence, detail, state.State.Score);
        if (!wasBanned && IsBanned) LogBanned(logger, _node, _peer, state.State.BannedUntil!.Value);
    }

    /// <summary>
    /// A peer's announcement: pull the transactions it lists that the node lacks; pass a tip with more work than the
    /// node's on to the node's consensus grain, which downloads it (one download per node at a time).
    /// </summary>
    private async Task OnAnnouncementAsync(NodeAnnouncement announcement, StreamSequenceToken? token)
    {
        if (!_following || announcement.Node != _peer) return;
        if (PeerScoring.Expire(state.State, ledger.Clock.GetUtcNow())) await state.WriteStateAsync();
        if (IsBanned) return;
        _last = announcement;
        var work = ChainSync.WorkOf(announcement);
        if (work.Sign < 0)
        {
            await RecordAsync(PeerOffence.MalformedAnnouncement, $"cumulative work '{announcement.CumulativeWork}' is not a number");
            return;
        }

        if (!announcement.TransactionIds.IsDefaultOrEmpty) await PullTransactionsAsync(announcement.TransactionIds);
        var chain = GrainFactory.GetGrain<IChainGrain>(_node);
        var tip = await chain.GetTipAsync();
        if (work <= ChainSync.WorkOf(tip)) return;
        // A tip a few blocks ahead is fetched here, by the one link that claims it first (the others skip it);
        // anything longer, or a quick fetch that falls short, goes to the node's consensus, headers first.
        if (announcement.Height - tip.Height is > 0 and <= ChainSync.QuickFollowBlocks)
        {
            if (!await chain.ClaimFetchAsync(announcement.TipHash)) return;
            var sync = new ChainSync(chain, options.Value.RequestTimeout);
            _inFlight++;
            string? failure;
            try
            {
                failure = await sync.QuickFollowAsync((_peer, directory.Source(GrainFactory, _peer)), announcement);
            }
            finally
            {
                _inFlight--;
            }

            foreach (var (_, offence, detail) in sync.Offences) await RecordAsync(offence, detail);
            if (failure is null || IsBanned) return;
            LogQuickFollowFailed(logger, _node, _peer, failure);
        }

        await GrainFactory.GetGrain<IConsensusGrain>(_node).FollowAsync(announcement);
    }

    /// <summary>Fetches the listed transactions the node lacks from the peer and offers them to the node's chain.</summary>
    private async Task PullTransactionsAsync(IReadOnlyList<Hash256> announced)
    {
        var chain = GrainFactory.GetGrain<IChainGrain>(_node);
        var missing = await chain.GetMissingTransactionsAsync([.. announced.Take(MaxTransactionsPulled)]);
        if (missing.Count == 0) return;
        var peer = directory.Source(GrainFactory, _peer);
        var fetched = new List<Transaction>(missing.Count);
        foreach (var id in missing)
        {
            Transaction? transaction;
            _inFlight++;
            try
            {
                transaction = await peer.GetTransactionAsync(id).WaitAsync(options.Value.RequestTimeout);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Unreachable, slow or broken: keep what was pulled so far and ask nothing more of it now.
                LogPullFailed(logger, _node, _peer, e.Message);
                break;
            }
            finally
            {
                _inFlight--;
            }

            if (transaction is null)
            {
                // "Don't have": the request fails at once; announcing what one cannot serve costs a little.
                await RecordAsync(PeerOffence.AnnouncedMissing, $"announced transaction {id} and did not have it");
                break;
            }

            if (transaction.Id != id)
            {
                await RecordAsync(PeerOffence.WrongData, $"answered a request for transaction {id} with {transaction.Id}");
                return;
            }

            if (transaction.IsCoinbase)
            {
                await RecordAsync(PeerOffence.InvalidTransaction, $"relayed coinbase {id} as a transfer");
                continue;
            }

            fetched.Add(transaction);
        }

        if (fetched.Count == 0) return;
        var results = await chain.SubmitTransactionsAsync(fetched);
        foreach (var result in results)
            if (IsPeersFault(result.Reason))
                await RecordAsync(PeerOffence.InvalidTransaction, $"relayed transaction {result.TransactionId}: {result.Reason}: {result.Message}");
    }

    // Rejections no honest relay causes; the others (nonce, funds, a full pool) depend on the receiver's state.
    private static bool IsPeersFault(string reason) =>
        reason is nameof(MempoolRejectReason.BadSignature) or nameof(MempoolRejectReason.WrongChain) or nameof(MempoolRejectReason.NotATransfer);

    /// <summary>Subscribes to the peer's stream, or resumes the subscription an earlier activation made.</summary>
    private async Task SubscribeAsync()
    {
        var stream = Stream();
        var handles = await stream.GetAllSubscriptionHandles();
        if (handles.Count == 0)
        {
            await stream.SubscribeAsync(OnAnnouncementAsync);
            return;
        }

        foreach (var handle in handles) await handle.ResumeAsync(OnAnnouncementAsync);
    }

    private IAsyncStream<NodeAnnouncement> Stream() =>
        this.AnnouncementsOf(_peer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} holds against peer {Peer}: {Offence} ({Detail}); score {Score}")]
    private static partial void LogOffence(ILogger logger, string node, string peer, PeerOffence offence, string detail, int score);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} banned peer {Peer} until {Until}")]
    private static partial void LogBanned(ILogger logger, string node, string peer, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {Node} could not take the tip {Peer} announced at once: {Reason}")]
    private static partial void LogQuickFollowFailed(ILogger logger, string node, string peer, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {Node} could not pull announced transactions from {Peer}: {Reason}")]
    private static partial void LogPullFailed(ILogger logger, string node, string peer, string reason);
}
