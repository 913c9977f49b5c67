namespace GrainChain.Hosting.Blocks;

/// <summary>One <see cref="IBlockArchive.PutAsync"/> call waiting for the SQLite block writer: its blocks (once per
/// hash) and the task its caller awaits, completed after the COMMIT that stored them.</summary>
internal sealed class SqliteBlockPut(List<ArchivedBlock> blocks, CancellationToken cancellationToken)
{
    // Per block: the two hashes, and about what SQLite spends on a row and its index entry.
    private const int BlockOverhead = 2 * ArchivedBlock.HashSize + 32;

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<ArchivedBlock> Blocks => blocks;

    /// <summary>About how many bytes the put writes: bounds how many puts share one transaction.</summary>
    public long Size { get; } = blocks.Sum(b => (long)b.Bytes.Length + BlockOverhead);

    public Task Done => _done.Task;

    /// <summary>Ends the put as cancelled, before it is written, if its caller has cancelled.</summary>
    public bool CancelIfRequested() => cancellationToken.IsCancellationRequested && _done.TrySetCanceled(cancellationToken);

    public void Complete() => _done.TrySetResult();

    public void Fail(Exception exception) => _done.TrySetException(exception);
}
