using System.Collections.Immutable;
using GrainChain.Abstractions.Nodes;
using GrainChain.Grains.Nodes;
using GrainChain.Grains.Services;
using GrainChain.Grains.Peers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GrainChain.Grains.Consensus;

/// <summary>
/// A node's consensus: resolves on request, and follows a peer's announcement when the link's quick fetch of a tip
/// a few blocks ahead was not enough (a longer branch, a fork deep back), headers first. One sync at a time per
/// node, so two links announcing the same long branch never download it twice. Blocks go to the node's chain;
/// every misbehaving peer is reported to its link, which scores and bans it.
/// </summary>
[GrainType("consensus"), Orleans.Placement.PreferLocalPlacement]
public sealed partial class ConsensusGrain(
    LedgerServices ledger, IPeerDirectory directory, IOptions<PeerOptions> options, ILogger<ConsensusGrain> logger)
    : Grain, IConsensusGrain
{
    private string Name => this.GetPrimaryKeyString();

    private IChainGrain Chain => GrainFactory.GetGrain<IChainGrain>(Name);

    public async Task<ResolveResult> ResolveAsync(IReadOnlyList<string> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        await Chain.GetSummaryAsync();
        var links = await Task.WhenAll(peers.Select(p => Link(p).GetStatusAsync()));
        var now = ledger.Clock.GetUtcNow();
        var usable = links.Where(l => !l.IsBanned(now)).Select(l => (l.Peer, directory.Source(GrainFactory, l.Peer))).ToList();
        var sync = new ChainSync(Chain, options.Value.RequestTimeout);
        var result = await sync.ResolveAsync(usable);
        var banned = await ReportAsync(sync);
        var errors = result.PeerErrors.Select(e => banned.Contains(e.Peer) ? e with { Banned = true } : e)
            .Concat(links.Where(l => l.IsBanned(now)).Select(l => new PeerError(l.Peer, $"banned until {l.BannedUntil:u}: {l.LastOffence}", Banned: true)));
        return result with { PeerErrors = [.. errors] };
    }

    public async Task FollowAsync(NodeAnnouncement announcement)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        // Several links may pass on the same block; after the first download the others find nothing to do. (The
        // link checked its ban before passing the announcement on.)
        var tip = await Chain.GetTipAsync();
        if (ChainSync.WorkOf(announcement) <= ChainSync.WorkOf(tip)) return;
        var sync = new ChainSync(Chain, options.Value.RequestTimeout);
        var failure = await sync.FollowAsync((announcement.Node, directory.Source(GrainFactory, announcement.Node)), announcement);
        await ReportAsync(sync);
        if (failure is not null) LogFollowFailed(logger, Name, announcement.Node, failure);
    }

    /// <summary>Hands each offence to the offending peer's link; returns the peers now banned.</summary>
    private async Task<ImmutableHashSet<string>> ReportAsync(ChainSync sync)
    {
        var banned = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var now = ledger.Clock.GetUtcNow();
        foreach (var (peer, offence, detail) in sync.Offences)
        {
            var status = await Link(peer).ReportAsync(offence, detail);
            if (status.IsBanned(now)) banned.Add(peer);
        }

        return banned.ToImmutable();
    }

    private IPeerGrain Link(string peer) => GrainFactory.GetGrain<IPeerGrain>(NodeNames.LinkKey(Name, peer));

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} stopped following {Peer}: {Reason}")]
    private static partial void LogFollowFailed(ILogger logger, string node, string peer, string reason);
}
