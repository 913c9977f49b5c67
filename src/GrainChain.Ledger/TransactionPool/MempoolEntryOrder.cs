namespace GrainChain.Ledger.TransactionPool;

/// <summary>
/// Orders entries from the most to the least deserving of block space: higher fee per byte first, and at equal
/// rates the earlier arrival first. Eviction walks the same order from its far end.
/// </summary>
internal sealed class MempoolEntryOrder : IComparer<MempoolEntry>
{
    public static readonly MempoolEntryOrder BestFirst = new(bestFirst: true);
    public static readonly MempoolEntryOrder WorstFirst = new(bestFirst: false);

    private readonly int _sign;

    private MempoolEntryOrder(bool bestFirst) => _sign = bestFirst ? 1 : -1;

    public int Compare(MempoolEntry? x, MempoolEntry? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var byRate = y.Rate.CompareTo(x.Rate);
        if (byRate == 0) byRate = x.Sequence.CompareTo(y.Sequence);
        return _sign * byRate;
    }
}
