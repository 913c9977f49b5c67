namespace GrainChain.Ledger.Chain;

/// <summary>
/// Bitcoin's block locator: the hashes of the tip, the nine blocks below it, then blocks exponentially further
/// apart, ending with genesis. A peer finds the newest one it knows and sends what follows.
/// </summary>
public static class BlockLocator
{
    private const int DenseCount = 10;

    /// <summary>The heights a locator names for a chain whose tip is at <paramref name="tipHeight"/>, highest first.</summary>
    public static IReadOnlyList<long> Heights(long tipHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tipHeight);
        var heights = new List<long>(DenseCount + 64);
        long step = 1;
        for (var height = tipHeight; height > 0; height -= step)
        {
            heights.Add(height);
            if (heights.Count >= DenseCount) step *= 2;
        }
        heights.Add(0);
        return heights;
    }
}
