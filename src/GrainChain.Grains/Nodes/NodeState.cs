using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Grains.Nodes;

/// <summary>
/// A node's persisted state, kept small: its settings, its best tip (the chain itself is in the block archive, read
/// back from the tip when the node activates), its pending transactions, its peers and the peers it banned.
/// </summary>
[GenerateSerializer, Alias("gc.node-state")]
public sealed class NodeState
{
    [Id(0)] public NodeSettings? Settings { get; set; }

    [Id(1)] public Hash256 TipHash { get; set; }

    [Id(2)] public List<Transaction> Pending { get; set; } = [];

    /// <summary>The nodes this node follows, by name.</summary>
    [Id(3)] public List<string> Peers { get; set; } = [];

    /// <summary>Peers banned for misbehaviour, with the time each ban ends.</summary>
    [Id(4)] public Dictionary<string, DateTimeOffset> Bans { get; set; } = new(StringComparer.Ordinal);
}
