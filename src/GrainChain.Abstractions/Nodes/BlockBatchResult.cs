using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// What a chain did with a batch of blocks: how many joined and left its best chain, how many it already had, the
/// tip afterwards, and the first invalid block with its reason code (a <c>BlockRejectReason</c> name), if any.
/// </summary>
[GenerateSerializer, Immutable, Alias("gc.block-batch")]
public sealed record BlockBatchResult(
    [property: Id(0)] int Connected,
    [property: Id(1)] int Disconnected,
    [property: Id(2)] int Duplicates,
    [property: Id(3)] Hash256 TipHash,
    [property: Id(4)] long Height,
    [property: Id(5)] string CumulativeWork)
{
    [Id(6)] public Hash256? InvalidBlock { get; init; }

    [Id(7)] public string? InvalidReason { get; init; }

    [Id(8)] public string? InvalidMessage { get; init; }
}
