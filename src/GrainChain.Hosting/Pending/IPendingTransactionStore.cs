namespace GrainChain.Hosting.Pending;

/// <summary>
/// Each node's pending transactions as one row per transaction on the cluster's database: a node writes the ones it
/// just accepted and removes the ones that left its mempool, so acknowledging a transfer costs a write the size of
/// the transfer however large the mempool is. A node reads its rows back when it activates.
/// </summary>
/// <remarks>
/// A silo-level service (not a grain). Ids are <see cref="PendingTransaction.IdSize"/> bytes; node names are
/// non-empty. The store does not parse transactions: an id is the caller's word that it names the bytes.
/// </remarks>
public interface IPendingTransactionStore
{
    /// <summary>
    /// In one transaction: stores the rows of <paramref name="added"/> not stored yet for <paramref name="node"/> (an
    /// id stored already keeps its bytes) and removes the node's rows whose ids are in <paramref name="removed"/> (ids
    /// it does not hold are ignored; an id both added and removed ends removed). Durable when the task completes.
    /// Cancelling stops the wait; a write already handed to the database may still happen.
    /// </summary>
    Task WriteAsync(string node, IReadOnlyCollection<PendingTransaction> added, IReadOnlyCollection<byte[]> removed,
        CancellationToken cancellationToken = default);

    /// <summary>Every row stored for <paramref name="node"/>, in no particular order.</summary>
    Task<IReadOnlyList<PendingTransaction>> ReadAsync(string node, CancellationToken cancellationToken = default);
}
