using System.Collections.Immutable;
using System.Numerics;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Chain;

/// <summary>
/// Checks headers a peer offers (a branch growing from a block the node has) before any block body is fetched: they
/// must link, obey the header rules with the node's own ancestors as context, and add the work the peer claimed.
/// Headers-first sync exists for this: a peer lying about its work is caught for the price of 80 bytes a block.
/// </summary>
public static class HeaderBranchCheck
{
    /// <summary>Checks <paramref name="headers"/> against <paramref name="chain"/>; see <see cref="HeaderBranchVerdict"/>.</summary>
    public static HeaderBranchVerdict Check(ChainState chain, HeaderChainValidator rules, IReadOnlyList<BlockHeader> headers)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.Count == 0) return new HeaderBranchVerdict(true, 0, chain.Tip.CumulativeWork, [], null);
        if (!chain.TryGetEntry(headers[0].PreviousHash, out var fork))
            return new HeaderBranchVerdict(false, 0, BigInteger.Zero, [], null);

        var forkOnBest = chain.IsOnBestChain(fork.Hash);
        var work = fork.CumulativeWork;
        var missing = ImmutableArray.CreateBuilder<Hash256>();
        var parentHash = fork.Hash;
        // Ancestors below the offered headers come from the node's tree: the best chain by height when the branch
        // forks from it (the common case), else a walk up the fork's parents.
        BlockHeader AncestorAt(long height)
        {
            if (height > fork.Height) return headers[checked((int)(height - fork.Height - 1))];
            if (forkOnBest) return chain.GetHeaderAtHeight(height) ?? throw new InvalidOperationException($"no header at height {height}");
            var entry = fork;
            while (entry.Height > height) entry = entry.Parent!;
            return entry.Header;
        }

        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            var height = fork.Height + 1 + i;
            if (rules.CheckHeader(header, height, parentHash, AncestorAt) is { } rejection)
                return new HeaderBranchVerdict(true, i, work, missing.ToImmutable(), rejection);
            parentHash = header.ComputeHash();
            work += ProofOfWork.WorkFor(header.Bits);
            if (!chain.TryGetEntry(parentHash, out _)) missing.Add(parentHash);
        }

        return new HeaderBranchVerdict(true, headers.Count, work, missing.ToImmutable(), null);
    }
}

/// <summary>
/// The verdict on offered headers: whether the first links to a block the node has, how many passed the rules in
/// order, the cumulative work at the last that passed, the hashes among them whose blocks the node lacks, and the
/// first broken rule (null if none).
/// </summary>
public sealed record HeaderBranchVerdict(
    bool Connects, int ValidCount, BigInteger CumulativeWork, ImmutableArray<Hash256> Missing, HeaderRejection? Rejection);
