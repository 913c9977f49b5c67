using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Node;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Validation;

namespace GrainChain.Grains.Nodes;

/// <summary>
/// Longest-chain consensus for one node: compares its peers' tips by cumulative work and downloads, from the best,
/// the blocks that follow the node's chain (located by a block locator), in batches, through full validation. A peer
/// that fails, stalls, lies about its work or sends an invalid block is reported and the next best is tried; the
/// last two are misbehaviour, listed in <see cref="Misbehaving"/> for the node to ban.
/// </summary>
internal sealed class ChainSync(LedgerNode node, Func<IReadOnlyList<BlockAcceptance>, Task> persist, TimeSpan peerTimeout)
{
    public const int BatchSize = 500;

    private readonly List<string> _misbehaving = [];
    private int _connected;
    private int _disconnected;

    /// <summary>Peers that sent an invalid block or claimed work they did not serve, during the last resolve.</summary>
    public IReadOnlyList<string> Misbehaving => _misbehaving;

    /// <summary>Resolves against every peer given.</summary>
    public async Task<ResolveResult> ResolveAsync(IReadOnlyList<(string Name, INodeGrain Grain)> peers)
    {
        var start = node.State.Tip.Hash;
        var errors = ImmutableArray.CreateBuilder<PeerError>();
        var tips = await Task.WhenAll(peers.Select(AskTipAsync));
        string? from = null;
        foreach (var (peer, tip, error) in tips.OrderByDescending(t => t.Work))
        {
            if (error is not null)
            {
                errors.Add(new PeerError(peer.Name, error));
                continue;
            }

            if (tip <= node.State.Tip.CumulativeWork) continue;
            var (failure, misbehaved) = await DownloadAsync(peer, tip);
            if (misbehaved) _misbehaving.Add(peer.Name);
            if (failure is not null) errors.Add(new PeerError(peer.Name, failure, misbehaved));
            if (node.State.Tip.Hash != start && failure is null)
            {
                from = peer.Name;
                break;
            }
        }

        var replaced = node.State.Tip.Hash != start;
        return new ResolveResult(replaced, replaced ? from ?? "" : null, _connected, _disconnected,
            node.State.Tip.Hash, node.State.Height, errors.ToImmutable());
    }

    /// <summary>
    /// Downloads from one peer that announced <paramref name="announcedWork"/>, without first asking for its tip (the
    /// announcement said it); returns why it stopped short, if it did.
    /// </summary>
    public async Task<string?> FollowAnnouncementAsync((string Name, INodeGrain Grain) peer, BigInteger announcedWork)
    {
        var (failure, misbehaved) = await DownloadAsync(peer, announcedWork);
        if (misbehaved) _misbehaving.Add(peer.Name);
        return failure;
    }

    private async Task<((string Name, INodeGrain Grain) Peer, BigInteger Work, string? Error)> AskTipAsync((string Name, INodeGrain Grain) peer)
    {
        try
        {
            var tip = await peer.Grain.GetTipAsync().WaitAsync(peerTimeout);
            return BigInteger.TryParse(tip.CumulativeWork, NumberStyles.None, CultureInfo.InvariantCulture, out var work)
                ? (peer, work, null)
                : (peer, BigInteger.MinusOne, $"announced unreadable work '{tip.CumulativeWork}'");
        }
        catch (TimeoutException)
        {
            return (peer, BigInteger.MinusOne, $"did not answer within {peerTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (peer, BigInteger.MinusOne, $"unreachable: {e.Message}");
        }
    }

    /// <summary>Downloads from one peer until this node has at least the work it claimed; returns why it stopped short, if it did.</summary>
    private async Task<(string? Failure, bool Misbehaved)> DownloadAsync((string Name, INodeGrain Grain) peer, BigInteger claimedWork)
    {
        while (node.State.Tip.CumulativeWork < claimedWork)
        {
            IReadOnlyList<Block> batch;
            try
            {
                batch = await peer.Grain.GetBlocksAfterAsync([.. node.State.GetLocator()], BatchSize).WaitAsync(peerTimeout);
            }
            catch (TimeoutException)
            {
                return ($"stopped answering mid-download (no batch within {peerTimeout.TotalSeconds:0.#} s)", false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return ($"failed mid-download: {e.Message}", false);
            }

            if (batch.Count == 0) return ("announced more work than the blocks it serves", true);
            var accepted = new List<BlockAcceptance>(batch.Count);
            string? invalid = null;
            var blame = false;
            foreach (var block in batch)
            {
                var acceptance = node.SubmitBlock(block);
                if (acceptance.Kind == BlockAcceptanceKind.Invalid)
                {
                    invalid = $"sent invalid block {block.Hash}: {acceptance.Verdict.Reason}: {acceptance.Verdict.Message}";
                    // A block from the future may be honest clock skew; every other invalid block is the peer's doing.
                    blame = acceptance.Verdict.Reason != BlockRejectReason.TimeTooFarInFuture;
                    break;
                }

                _connected += acceptance.Connected.Length;
                _disconnected += acceptance.Disconnected.Length;
                accepted.Add(acceptance);
            }

            await persist(accepted);
            if (invalid is not null) return (invalid, blame);
            if (accepted.TrueForAll(a => a.Kind == BlockAcceptanceKind.Duplicate)) return ("served only blocks this node has", true);
        }

        return (null, false);
    }
}
