using System.Collections.Immutable;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Nodes;

/// <summary>A node's view of its chain: the best tip, its height and cumulative work, the mempool's size, its peers and the peers it has banned.</summary>
[GenerateSerializer, Immutable, Alias("gc.node-status")]
public sealed record NodeStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] string Profile,
    [property: Id(2)] Address Miner,
    [property: Id(3)] Hash256 TipHash,
    [property: Id(4)] long Height,
    [property: Id(5)] string CumulativeWork,
    [property: Id(6)] int PendingTransactions,
    [property: Id(7)] ImmutableArray<string> Peers,
    [property: Id(8)] ImmutableArray<string> BannedPeers)
{
    /// <summary>Whether the node is mining continuously.</summary>
    [Id(9)] public bool Mining { get; init; }

    // Value equality for the lists too: a record compares ImmutableArrays by their underlying array reference.
    public bool Equals(NodeStatus? other) =>
        other is not null && Name == other.Name && Profile == other.Profile && Miner == other.Miner &&
        TipHash == other.TipHash && Height == other.Height && CumulativeWork == other.CumulativeWork &&
        PendingTransactions == other.PendingTransactions && Mining == other.Mining &&
        Peers.AsSpan().SequenceEqual(other.Peers.AsSpan()) && BannedPeers.AsSpan().SequenceEqual(other.BannedPeers.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Name, TipHash, Height, PendingTransactions);
}
