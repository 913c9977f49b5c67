using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Nodes;

/// <summary>A node's view of its chain: the best tip, its height and cumulative work, and the mempool's size.</summary>
[GenerateSerializer, Immutable, Alias("gc.node-status")]
public sealed record NodeStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] string Profile,
    [property: Id(2)] Address Miner,
    [property: Id(3)] Hash256 TipHash,
    [property: Id(4)] long Height,
    [property: Id(5)] string CumulativeWork,
    [property: Id(6)] int PendingTransactions);
