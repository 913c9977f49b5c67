using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.TransactionPool;

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

        // Built in one pass (heapify is linear) rather than by one insertion per sender.
        var heads = new PriorityQueue<(SenderQueue Queue, int Index), MempoolEntry>(
            _senders.Values.Select(queue => ((queue, 0), queue[0])), MempoolEntryOrder.BestFirst);

        long bytes = 0;
        while (selected.Count < maxTransactions && heads.TryPeek(out var head, out var entry))
        {
            var next = head.Index + 1;
            if (bytes + entry.Size > maxBytes || next == head.Queue.Count)
            {
                heads.Dequeue();
            }
            else
            {
                // One sift instead of a removal and an insertion: the sender's next transfer takes the head's place.
                heads.DequeueEnqueue((head.Queue, next), head.Queue[next]);
            }
            if (bytes + entry.Size > maxBytes) continue;
            selected.Add(entry.Transaction);
            bytes += entry.Size;
        }
        return selected;
    }
}
