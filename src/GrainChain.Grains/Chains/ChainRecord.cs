using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Grains.Chains;

/// <summary>
/// A chain's persisted state, kept small: its settings, its best tip (the blocks are in the cluster's block archive,
/// replayed from the tip when the chain activates) and its pending transactions.
/// </summary>
[GenerateSerializer, Alias("gc.chain-record")]
public sealed class ChainRecord
{
    [Id(0)] public NodeSettings? Settings { get; set; }

    [Id(1)] public Hash256 TipHash { get; set; }

    [Id(2)] public List<Transaction> Pending { get; set; } = [];

    /// <summary>
    /// Whether transactions accepted since <see cref="Pending"/> was written may be in the chain's
    /// <see cref="PendingJournal"/>: only a chain that ever took a transaction reads or keeps one.
    /// </summary>
    [Id(3)] public bool Journalled { get; set; }
}
