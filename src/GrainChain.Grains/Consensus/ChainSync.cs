using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Validation;

namespace GrainChain.Grains.Consensus;

/// <summary>
/// Longest-chain sync for one node, headers first: compares peers' tips by cumulative work, then from the best asks
/// for the headers that follow the node's chain (by block locator), has the chain check them and the work they add,
/// and only then downloads the blocks it lacks, in batches, through full validation. A peer that fails or stalls is
/// reported and the next best is tried; one that lies is also listed in <see cref="Offences"/>.
/// </summary>
internal sealed class ChainSync(IChainGrain chain, TimeSpan peerTimeout)
{
    public const int HeadersPerRequest = 2_000;
    public const int BlocksPerRequest = 500;

    /// <summary>How far ahead an announced tip may be for its blocks to be fetched without headers first.</summary>
    public const int QuickFollowBlocks = 16;

    private readonly List<(string Peer, PeerOffence Offence, string Detail)> _offences = [];

    /// <summary>Misbehaviour seen during this sync, for the peers' links to score.</summary>
    public IReadOnlyList<(string Peer, PeerOffence Offence, string Detail)> Offences => _offences;

    /// <summary>Resolves against every peer given.</summary>
    public async Task<ResolveResult> ResolveAsync(IReadOnlyList<(string Name, IBlockSource Grain)> peers)
    {
        var start = await chain.GetTipAsync();
        var errors = ImmutableArray.CreateBuilder<PeerError>();
        var tips = await Task.WhenAll(peers.Select(AskTipAsync));
        string? from = null;
        var current = start;
        foreach (var (peer, work, _, error) in tips.OrderByDescending(t => t.Work))
        {
            if (error is not null)
            {
                errors.Add(new PeerError(peer.Name, error));
                continue;
            }

            if (work <= WorkOf(current)) continue;
            var failure = await DownloadAsync(peer, work);
            if (failure is not null) errors.Add(new PeerError(peer.Name, failure));
            current = await chain.GetTipAsync();
            if (current.TipHash != start.TipHash && failure is null)
            {
                from = peer.Name;
                break;
            }
        }

        var replaced = current.TipHash != start.TipHash;
        // A link may have taken the same chain by gossip while this resolve ran: credit the peer whose tip it is.
        if (replaced) from ??= tips.FirstOrDefault(t => t.Tip == current.TipHash).Peer.Name;
        // Counted between the tips: a peer's link may have moved the chain too while this resolve ran.
        var (connected, disconnected) = replaced ? await chain.GetMoveSinceAsync(start.TipHash) : (0, 0);
        return new ResolveResult(replaced, replaced ? from ?? "" : null, connected, disconnected,
            current.TipHash, current.Height, errors.ToImmutable());
    }

    /// <summary>
    /// Takes a tip a few blocks ahead (gossip's usual case) as the blocks after this node's locator, in one round
    /// trip, fully validated on arrival. Returns null once the node has the announced work, else why not.
    /// </summary>
    public async Task<string?> QuickFollowAsync((string Name, IBlockSource Grain) peer, NodeAnnouncement announced)
    {
        var locator = await chain.GetLocatorAsync();
        var answer = await AskAsync(peer, () => peer.Grain.GetBlocksAfterAsync(locator, QuickFollowBlocks), "blocks");
        if (answer.Failure is not null) return answer.Failure;
        if (answer.Value!.Count > QuickFollowBlocks)
            return Offend(peer, PeerOffence.WrongData, $"sent {answer.Value.Count} blocks when asked for {QuickFollowBlocks}");
        var (failure, work) = await SubmitAsync(peer, [.. answer.Value]);
        if (failure is not null) return failure;
        return work >= WorkOf(announced) ? null : "the blocks after this node's locator fell short of the announced tip";
    }

    /// <summary>Downloads headers first from a peer that announced <paramref name="announced"/>; returns why it stopped short, if it did.</summary>
    public Task<string?> FollowAsync((string Name, IBlockSource Grain) peer, NodeAnnouncement announced) =>
        DownloadAsync(peer, WorkOf(announced));

    public static BigInteger WorkOf(NodeAnnouncement tip) =>
        BigInteger.TryParse(tip.CumulativeWork, NumberStyles.None, CultureInfo.InvariantCulture, out var work) ? work : BigInteger.MinusOne;

    private async Task<((string Name, IBlockSource Grain) Peer, BigInteger Work, Hash256 Tip, string? Error)> AskTipAsync((string Name, IBlockSource Grain) peer)
    {
        try
        {
            var tip = await peer.Grain.GetTipAsync().WaitAsync(peerTimeout);
            var work = WorkOf(tip);
            return work.Sign >= 0 ? (peer, work, tip.TipHash, null) : (peer, work, tip.TipHash, $"announced unreadable work '{tip.CumulativeWork}'");
        }
        catch (TimeoutException)
        {
            return (peer, BigInteger.MinusOne, default, $"did not answer within {peerTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (peer, BigInteger.MinusOne, default, $"unreachable: {e.Message}");
        }
    }

    /// <summary>Downloads from one peer until the node has at least the work it claimed; returns why it stopped short, if it did.</summary>
    private async Task<string?> DownloadAsync((string Name, IBlockSource Grain) peer, BigInteger claimedWork)
    {
        var work = WorkOf(await chain.GetTipAsync());
        Hash256? last = null;
        var stalls = 0;
        while (work < claimedWork)
        {
            // After a full page, ask from its last header on: those blocks may sit on a side branch of this node
            // (a peer's heavier branch can be lighter than this node's chain for its first pages).
            IReadOnlyList<Hash256> locator = await chain.GetLocatorAsync();
            if (last is { } from) locator = [from, .. locator];
            var headers = await AskAsync(peer, () => peer.Grain.GetHeadersAfterAsync(locator, HeadersPerRequest), "headers");
            if (headers.Failure is not null) return headers.Failure;
            var offered = headers.Value!;
            if (offered.Count == 0)
            {
                // A link may have brought the peer's blocks since this loop last looked: nothing left is no lie then.
                work = WorkOf(await chain.GetTipAsync());
                if (work >= claimedWork) return null;
                return Offend(peer, PeerOffence.WorkNotServed, $"claimed work {claimedWork} and offered no headers past this node's {work}");
            }
            if (offered.Count > HeadersPerRequest) return Offend(peer, PeerOffence.WrongData, $"sent {offered.Count} headers when asked for {HeadersPerRequest}");

            var check = await chain.CheckHeadersAsync(offered);
            if (!check.Connects) return Offend(peer, PeerOffence.InvalidHeaders, "offered headers that do not follow any block of this node's locator");
            if (check.Rejection is { } rejection)
            {
                // A header from the future may be honest clock skew; any other broken header rule is the peer's doing.
                return rejection.StartsWith(nameof(HeaderRejectReason.TimeTooFarInFuture), StringComparison.Ordinal)
                    ? $"offered a header too far in the future: {rejection}"
                    : Offend(peer, PeerOffence.InvalidHeaders, $"header {check.ValidCount} of {offered.Count}: {rejection}");
            }

            var offeredWork = BigInteger.Parse(check.CumulativeWork, CultureInfo.InvariantCulture);
            var lastPage = offered.Count < HeadersPerRequest;
            if (lastPage && offeredWork < claimedWork)
                return Offend(peer, PeerOffence.WorkNotServed, $"claimed work {claimedWork} and its headers add up to {offeredWork}");

            var failure = await DownloadBlocksAsync(peer, check.Missing);
            if (failure is not null) return failure;
            var after = WorkOf(await chain.GetTipAsync());
            if (lastPage && after < claimedWork)
                return Offend(peer, PeerOffence.WorkNotServed, $"claimed work {claimedWork} and its blocks give this node {after}");
            if (check.Missing.Count == 0 && after <= work && ++stalls >= 2)
                return Offend(peer, PeerOffence.WorkNotServed, "keeps offering headers of blocks this node already has");
            last = offered[^1].ComputeHash();
            work = after;
        }

        return null;
    }

    private async Task<string?> DownloadBlocksAsync((string Name, IBlockSource Grain) peer, IReadOnlyList<Hash256> missing)
    {
        for (var offset = 0; offset < missing.Count; offset += BlocksPerRequest)
        {
            var wanted = missing.Skip(offset).Take(BlocksPerRequest).ToList();
            var answer = await AskAsync(peer, () => peer.Grain.GetBlocksAsync(wanted), "blocks");
            if (answer.Failure is not null) return answer.Failure;
            var blocks = answer.Value!;
            if (blocks.Count != wanted.Count)
                return Offend(peer, PeerOffence.WrongData, $"answered a request for {wanted.Count} blocks with {blocks.Count}");
            var batch = new List<Ledger.Blocks.Block>(blocks.Count);
            for (var i = 0; i < blocks.Count; i++)
            {
                // "Don't have": the request fails at once, and what arrived before the gap is still used.
                if (blocks[i] is not { } block)
                {
                    var (partial, _) = await SubmitAsync(peer, batch);
                    return partial ?? $"no longer has block {wanted[i]} it offered a header for";
                }

                if (block.Hash != wanted[i])
                    return Offend(peer, PeerOffence.WrongData, $"answered a request for block {wanted[i]} with {block.Hash}");
                batch.Add(block);
            }

            var (invalid, _) = await SubmitAsync(peer, batch);
            if (invalid is not null) return invalid;
        }

        return null;
    }

    /// <summary>Hands blocks to the chain; returns why they were refused (if one was) and the chain's work after them.</summary>
    private async Task<(string? Failure, BigInteger Work)> SubmitAsync((string Name, IBlockSource Grain) peer, List<Ledger.Blocks.Block> batch)
    {
        if (batch.Count == 0) return (null, BigInteger.MinusOne);
        var result = await chain.SubmitBlocksAsync(batch);
        var work = BigInteger.Parse(result.CumulativeWork, CultureInfo.InvariantCulture);
        if (result.InvalidBlock is not { } bad) return (null, work);
        var detail = $"sent invalid block {bad}: {result.InvalidReason}: {result.InvalidMessage}";
        // A block from the future may be honest clock skew; every other invalid block is the peer's doing.
        return (result.InvalidReason == nameof(BlockRejectReason.TimeTooFarInFuture) ? detail : Offend(peer, PeerOffence.InvalidBlock, detail), work);
    }

    private async Task<(T? Value, string? Failure)> AskAsync<T>((string Name, IBlockSource Grain) peer, Func<Task<T>> request, string what)
    {
        try
        {
            return (await request().WaitAsync(peerTimeout), null);
        }
        catch (TimeoutException)
        {
            return (default, $"stopped answering mid-download (no {what} within {peerTimeout.TotalSeconds:0.#} s)");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (default, $"failed mid-download asking for {what}: {e.Message}");
        }
    }

    private string Offend((string Name, IBlockSource Grain) peer, PeerOffence offence, string detail)
    {
        _offences.Add((peer.Name, offence, detail));
        return detail;
    }
}
