namespace GrainChain.Ledger.Chain;

/// <summary>
/// Where each block's skip pointer lands (the idea of Bitcoin's pskip): far enough back that following skips and
/// parents reaches any ancestor in O(log n) steps, computed from the height alone so every entry agrees.
/// </summary>
internal static class SkipHeights
{
    /// <summary>The height the skip pointer of a block at <paramref name="height"/> points to.</summary>
    public static long For(long height)
    {
        if (height < 2) return 0;
        // Even heights drop their lowest set bit; odd ones jump from a doubly rounded-down neighbour, so that
        // consecutive heights rarely share a target and a walk alternates long and short jumps.
        return (height & 1) == 0 ? WithoutLowestBit(height) : WithoutLowestBit(WithoutLowestBit(height - 1)) + 1;
    }

    private static long WithoutLowestBit(long value) => value & (value - 1);
}
