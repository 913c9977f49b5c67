using System.Collections.Immutable;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// What a node publishes on its own stream when its best chain moves or it accepts transactions: its tip with the
/// tip's cumulative work, and the ids of newly accepted transactions (an inventory). Its peers pull what they lack
/// from the announcer; the publisher does not know its audience.
/// </summary>
[GenerateSerializer, Immutable, Alias("gc.announcement")]
public sealed record NodeAnnouncement(
    [property: Id(0)] string Node,
    [property: Id(1)] Hash256 TipHash,
    [property: Id(2)] long Height,
    [property: Id(3)] string CumulativeWork)
{
    [Id(4)] public ImmutableArray<Hash256> TransactionIds { get; init; } = [];
}
