using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// A chain's verdict on headers a peer offered: whether they connect to a block it has and obey the header rules,
/// the cumulative work at the last valid one, and which of them it still lacks the blocks of.
/// </summary>
[GenerateSerializer, Immutable, Alias("gc.header-check")]
public sealed record HeaderCheck(
    [property: Id(0)] bool Connects,
    [property: Id(1)] int ValidCount,
    [property: Id(2)] string CumulativeWork,
    [property: Id(3)] IReadOnlyList<Hash256> Missing)
{
    /// <summary>The first broken rule (a <c>HeaderRejectReason</c> name and a sentence); null when every header passed.</summary>
    [Id(4)] public string? Rejection { get; init; }
}
