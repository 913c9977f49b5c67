using GrainChain.Ledger.Transactions;

namespace GrainChain.Grains.Chains;

/// <summary>
/// Earlier builds' journal of the transactions a chain accepted since it last wrote its whole mempool. Read only, by
/// <see cref="LegacyPending"/>, to move a database written by such a build onto pending rows.
/// </summary>
[GenerateSerializer, Alias("gc.pending-journal")]
public sealed class PendingJournal
{
    [Id(0)] public List<Transaction> Added { get; set; } = [];
}
