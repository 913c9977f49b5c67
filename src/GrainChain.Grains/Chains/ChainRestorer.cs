using GrainChain.Grains.Services;
using GrainChain.Hosting.Blocks;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Node;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Validation;

namespace GrainChain.Grains.Chains;

/// <summary>Moves blocks between a <see cref="LedgerNode"/> and the cluster's block archive.</summary>
internal static class ChainRestorer
{
    /// <summary>
    /// Replays the archived chain ending at <paramref name="tip"/> into a fresh node, oldest first, through the same
    /// validation as any block; returns the height reached (lower than the tip's if the archive lacks blocks).
    /// </summary>
    public static async Task<long> RestoreAsync(LedgerNode node, IBlockArchive archive, Hash256 tip, BlockCache cache, CancellationToken cancellationToken)
    {
        if (tip.IsZero || tip == node.State.Tip.Hash) return node.State.Height;
        var ancestry = await archive.GetAncestryAsync(tip.ToArray(), int.MaxValue, cancellationToken).ConfigureAwait(false);
        for (var i = ancestry.Count - 1; i >= 0; i--)
        {
            var hash = new Hash256(ancestry[i].Hash);
            if (node.State.TryGetEntry(hash, out _)) continue;
            var acceptance = node.SubmitBlock(BlockDecoder.Decode(ancestry[i].Bytes, node.Chain));
            if (acceptance.Kind == BlockAcceptanceKind.Invalid)
                throw new InvalidOperationException($"archived block {hash} no longer validates: {acceptance.Verdict}");
            // It came from the archive: the cache may drop it and read it back.
            cache.MarkArchived([hash]);
        }

        return node.State.Height;
    }

    /// <summary>Archives the blocks a change of the best chain connected, before the node records its new tip.</summary>
    public static Task ArchiveAsync(IBlockArchive archive, IEnumerable<Block> blocks, CancellationToken cancellationToken)
    {
        var batch = blocks.Select(b => new ArchivedBlock(b.Hash.ToArray(), b.Header.PreviousHash.ToArray(), b.ToArray())).ToList();
        return batch.Count == 0 ? Task.CompletedTask : archive.PutAsync(batch, cancellationToken);
    }
}
