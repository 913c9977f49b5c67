using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Mempool;

public sealed partial class Mempool
{
    /// <summary>
    /// Picks transactions for a block, best fee per byte first, never taking a sender's transfer before its
    /// predecessors: a heap holds each sender's next untaken transfer, so the cost is O(k log s) for k picked
    /// from s senders. A transfer that does not fit in the remaining bytes closes its sender for this block.
    /// The result is in block order and valid against the tip the pool was last told about.
    /// </summary>
    public IReadOnlyList<Transaction> SelectForBlock(int maxTransactions, long maxBytes)
    {
        var selected = new List<Transaction>(Math.Clamp(maxTransactions, 0, _byId.Count));
        if (maxTransactions <= 0 || maxBytes <= 0) return selected;

        var heads = new PriorityQueue<(SenderQueue Queue, int Index), MempoolEntry>(_senders.Count, MempoolEntryOrder.BestFirst);
        foreach (var queue in _senders.Values) heads.Enqueue((queue, 0), queue[0]);

        long bytes = 0;
        while (selected.Count < maxTransactions && heads.TryDequeue(out var head, out var entry))
        {
            if (bytes + entry.Size > maxBytes) continue;
            selected.Add(entry.Transaction);
            bytes += entry.Size;
            var next = head.Index + 1;
            if (next < head.Queue.Count) heads.Enqueue((head.Queue, next), head.Queue[next]);
        }
        return selected;
    }
}
