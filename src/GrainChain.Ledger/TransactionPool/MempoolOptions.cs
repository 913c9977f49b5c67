namespace GrainChain.Ledger.TransactionPool;

/// <summary>Bounds and policy of a <see cref="Mempool"/>; bindable from configuration through IOptions.</summary>
public sealed record MempoolOptions
{
    /// <summary>
    /// Most transactions held at once. 50,000 is five full blocks at the default block limit of 10,000, enough
    /// to ride out a burst while keeping the pool's memory around 25 MB.
    /// </summary>
    public int MaxTransactions { get; init; } = 50_000;

    /// <summary>
    /// Most encoded transaction bytes held at once. 8 MB is about 55,000 transfers, so by default the count
    /// bound is reached first; the byte bound matters when transaction kinds of other sizes appear.
    /// </summary>
    public long MaxBytes { get; init; } = 8_000_000;

    /// <summary>
    /// Most pending transactions of one sender. A sender's whole sequence has to be re-checked when its account
    /// changes, and one account should not be able to fill the pool alone; 64 is far above what a wallet queues.
    /// </summary>
    public int MaxPendingPerSender { get; init; } = 64;

    /// <summary>
    /// How much higher, in percent, the fee of a replacement (same sender and nonce) must be. Without a clear step
    /// a sender could make the network relay endless one-unit fee bumps.
    /// </summary>
    public int ReplacementFeeBumpPercent { get; init; } = 10;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public MempoolOptions Validate()
    {
        if (MaxTransactions < 1)
            throw new ArgumentException($"{nameof(MaxTransactions)} must be at least 1, got {MaxTransactions}");
        if (MaxBytes < Transactions.Transaction.MaxSize)
            throw new ArgumentException($"{nameof(MaxBytes)} must hold at least one transaction, got {MaxBytes}");
        if (MaxPendingPerSender < 1)
            throw new ArgumentException($"{nameof(MaxPendingPerSender)} must be at least 1, got {MaxPendingPerSender}");
        if (ReplacementFeeBumpPercent is < 0 or > 1_000)
            throw new ArgumentException(
                $"{nameof(ReplacementFeeBumpPercent)} must be between 0 and 1000, got {ReplacementFeeBumpPercent}");
        return this;
    }
}
