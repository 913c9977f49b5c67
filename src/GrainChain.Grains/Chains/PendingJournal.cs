using GrainChain.Ledger.Transactions;

namespace GrainChain.Grains.Chains;

/// <summary>
/// Transactions a chain accepted since it last wrote its whole mempool with its <see cref="ChainRecord"/>: writing
/// only these keeps the cost of acknowledging a transfer from growing with the mempool. A restore merges them back.
/// </summary>
[GenerateSerializer, Alias("gc.pending-journal")]
public sealed class PendingJournal
{
    [Id(0)] public List<Transaction> Added { get; set; } = [];

    /// <summary>
    /// How many journalled transactions to allow before the whole mempool (<paramref name="pending"/> transfers) is
    /// written again: about the square root of twice the batch size times the pool, where the cost of rewriting the
    /// growing journal on every batch and the cost of an occasional full write balance; never under 256.
    /// </summary>
    public static int LimitFor(int pending, int batch) => Math.Max(256, (int)Math.Sqrt(2.0 * Math.Max(batch, 1) * pending));
}
