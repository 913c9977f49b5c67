using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Grains.Chains;

/// <summary>
/// A chain's persisted state, kept small: its settings and its best tip (the blocks are in the cluster's block archive,
/// replayed from the tip when the chain activates; the pending transactions are rows of the pending store).
/// </summary>
[GenerateSerializer, Alias("gc.chain-record")]
public sealed class ChainRecord
{
    [Id(0)] public NodeSettings? Settings { get; set; }

    [Id(1)] public Hash256 TipHash { get; set; }

    /// <summary>The whole mempool as earlier builds wrote it; empty once <see cref="LegacyPending"/> moved it to rows.</summary>
    [Id(2)] public List<Transaction> Pending { get; set; } = [];

    /// <summary>Whether an earlier build may have left transactions in a <see cref="PendingJournal"/>.</summary>
    [Id(3)] public bool Journalled { get; set; }
}
