using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Nodes;

/// <summary>A chain's settings and best tip, its mempool's size, and whether it is mining continuously.</summary>
[GenerateSerializer, Immutable, Alias("gc.chain-summary")]
public sealed record ChainSummary(
    [property: Id(0)] NodeSettings Settings,
    [property: Id(1)] Hash256 TipHash,
    [property: Id(2)] long Height,
    [property: Id(3)] string CumulativeWork,
    [property: Id(4)] int PendingTransactions,
    [property: Id(5)] bool Mining);
