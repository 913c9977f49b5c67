namespace GrainChain.Hosting.Pending;

/// <summary>One <see cref="IPendingTransactionStore.WriteAsync"/> call waiting for the SQLite pending writer: its
/// checked rows and removed sequences, and the task its caller awaits, completed after the COMMIT that applied them.</summary>
internal sealed class SqlitePendingWrite(string node, PendingTransaction[] added, long[] removed, CancellationToken cancellationToken)
{
    // Per row, beside its bytes: the id, the sequence, and about what SQLite spends on a B-tree cell and its header.
    private const int RowOverhead = PendingTransaction.IdSize + sizeof(long) + 16;

    // Per removed row, its key: the sequence and the cell header around it.
    private const int KeyOverhead = sizeof(long) + 16;

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Node => node;

    public PendingTransaction[] Added => added;

    public long[] Removed => removed;

    /// <summary>About how many bytes the write touches: bounds how many writes share one transaction.</summary>
    public long Size { get; } =
        added.Sum(r => (long)r.Bytes.Length + RowOverhead + node.Length) + (long)removed.Length * (KeyOverhead + node.Length);

    public Task Done => _done.Task;

    /// <summary>Ends the write as cancelled, before it is applied, if its caller has cancelled.</summary>
    public bool CancelIfRequested() => cancellationToken.IsCancellationRequested && _done.TrySetCanceled(cancellationToken);

    public void Complete() => _done.TrySetResult();

    public void Fail(Exception exception) => _done.TrySetException(exception);
}
