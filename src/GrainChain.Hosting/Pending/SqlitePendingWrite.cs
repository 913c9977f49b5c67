using GrainChain.Hosting.Sqlite;

namespace GrainChain.Hosting.Pending;

/// <summary>One <see cref="IPendingTransactionStore.WriteAsync"/> call waiting for the SQLite pending writer: the
/// service and node whose rows it changes, its checked rows and removed sequences, applied by the transaction that
/// completes it.</summary>
internal sealed class SqlitePendingWrite(
    string serviceId, string node, PendingTransaction[] added, long[] removed, CancellationToken cancellationToken)
    : SqliteQueuedWrite(cancellationToken)
{
    // Per row, beside its bytes, service id and node: the id, the sequence, and about what SQLite spends on a B-tree
    // cell and its header.
    private const int RowOverhead = PendingTransaction.IdSize + sizeof(long) + 16;

    // Per removed row, beside the service id and node of its key: the sequence and the cell header around it.
    private const int KeyOverhead = sizeof(long) + 16;

    public string ServiceId => serviceId;

    public string Node => node;

    public PendingTransaction[] Added => added;

    public long[] Removed => removed;

    public override long Size { get; } =
        added.Sum(r => (long)r.Bytes.Length + RowOverhead + serviceId.Length + node.Length)
        + (long)removed.Length * (KeyOverhead + serviceId.Length + node.Length);
}
