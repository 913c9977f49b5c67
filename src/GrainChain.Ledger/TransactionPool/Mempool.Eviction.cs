namespace GrainChain.Ledger.TransactionPool;

public sealed partial class Mempool
{
    /// <summary>
    /// Chooses the cheapest sequence tails to remove until the pool has room, or returns null if any of them pays
    /// at least <paramref name="incomingRate"/>. Removing a tail exposes the entry before it, which may be cheaper
    /// than every other tail, so those exposed entries compete in a small local queue.
    /// The incoming transaction's own sender is never a victim: its tail is the incoming one's predecessor.
    /// </summary>
    private List<MempoolEntry>? PlanEviction(FeeRate incomingRate, Primitives.Address protectedSender, int countToFree, long bytesToFree)
    {
        var victims = new List<MempoolEntry>();
        var exposed = new PriorityQueue<MempoolEntry, MempoolEntry>(MempoolEntryOrder.WorstFirst);
        using var tails = _tails.GetEnumerator();
        var tailsLeft = tails.MoveNext();
        while (countToFree > 0 || bytesToFree > 0)
        {
            while (tailsLeft && tails.Current.Sender == protectedSender) tailsLeft = tails.MoveNext();
            MempoolEntry next;
            if (exposed.TryPeek(out var candidate, out _) &&
                (!tailsLeft || MempoolEntryOrder.WorstFirst.Compare(candidate, tails.Current) < 0))
            {
                next = exposed.Dequeue();
            }
            else if (tailsLeft)
            {
                next = tails.Current;
                tailsLeft = tails.MoveNext();
            }
            else
            {
                return null;
            }

            if (next.Rate >= incomingRate) return null;
            victims.Add(next);
            countToFree--;
            bytesToFree -= next.Size;
            var queue = _senders[next.Sender];
            var index = queue.IndexOf(next);
            if (index > 0) exposed.Enqueue(queue[index - 1], queue[index - 1]);
        }
        return victims;
    }

    private FeeRate? CheapestEvictableRate(Primitives.Address protectedSender)
    {
        foreach (var tail in _tails)
            if (tail.Sender != protectedSender) return tail.Rate;
        return null;
    }

    /// <summary>Evicts cheapest tails, with no sender protected, until the pool is within its bounds.</summary>
    private List<MempoolEntry> TrimToCapacity()
    {
        var evicted = new List<MempoolEntry>();
        while (IsOverCapacity(0, 0) && _tails.Min is { } worst)
            evicted.Add(RemoveTail(_senders[worst.Sender]));
        return evicted;
    }
}
