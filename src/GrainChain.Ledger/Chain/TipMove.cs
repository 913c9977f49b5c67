namespace GrainChain.Ledger.Chain;

/// <summary>
/// How far a node's best chain moved between two tips: blocks that left it (from the old tip down to the fork) and
/// blocks that joined it (from the fork up to the new tip). Counted from the tips, so it is right however many
/// callers moved the chain in between.
/// </summary>
public readonly record struct TipMove(int Connected, int Disconnected)
{
    /// <summary>The move from <paramref name="from"/> to the chain's tip; nothing when the node never saw that block.</summary>
    public static TipMove Since(ChainState chain, Primitives.Hash256 from)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (!chain.TryGetEntry(from, out var old)) return default;
        var tip = chain.Tip;
        var forkHeight = Math.Min(old.Height, tip.Height);
        // Walk down from the lower common height until both branches meet (skip pointers keep each step cheap).
        while (forkHeight > 0 && old.GetAncestor(forkHeight) != tip.GetAncestor(forkHeight)) forkHeight--;
        return new TipMove((int)(tip.Height - forkHeight), (int)(old.Height - forkHeight));
    }
}
