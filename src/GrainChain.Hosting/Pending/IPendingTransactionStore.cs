namespace GrainChain.Hosting.Pending;

/// <summary>
/// Each node's pending transactions as one row per transaction on the cluster's database: a node writes the ones it
/// just accepted and removes the ones that left its mempool, so acknowledging a transfer costs a write the size of
/// the transfer however large the mempool is. A node reads its rows back when it activates.
/// </summary>
/// <remarks>
/// A silo-level service (not a grain). A row is keyed by its node and its <see cref="PendingTransaction.Sequence"/>,
/// which the node numbers upward as it stores: new rows go at the end of the node's range, so a write touches a few
/// pages of the table however many rows it holds (transaction ids are hashes, and keyed by them each row would land on
/// a page of its own). The store does not parse transactions: an id is the caller's word that it names the bytes.
/// </remarks>
public interface IPendingTransactionStore
{
    /// <summary>
    /// In one transaction: stores the rows of <paramref name="added"/> whose sequence <paramref name="node"/> does not
    /// hold yet (a stored sequence keeps its row) and removes the node's rows whose sequences are in
    /// <paramref name="removed"/> (sequences it does not hold are ignored; a sequence both added and removed ends
    /// removed). Durable when the task completes. Cancelling stops the wait; a write already handed to the database
    /// may still happen.
    /// </summary>
    Task WriteAsync(string node, IReadOnlyCollection<PendingTransaction> added, IReadOnlyCollection<long> removed,
        CancellationToken cancellationToken = default);

    /// <summary>Every row stored for <paramref name="node"/>, by sequence.</summary>
    Task<IReadOnlyList<PendingTransaction>> ReadAsync(string node, CancellationToken cancellationToken = default);
}
