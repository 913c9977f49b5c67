using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// What a node did with a submitted transaction: accepted (pending, and persisted before this answer) or rejected
/// with the mempool's reason code (a <c>MempoolRejectReason</c> name, "None" when accepted) and a sentence.
/// </summary>
[GenerateSerializer, Immutable, Alias("gc.tx-submission")]
public sealed record TransactionSubmission(
    [property: Id(0)] Hash256 TransactionId,
    [property: Id(1)] bool Accepted,
    [property: Id(2)] string Reason,
    [property: Id(3)] string Message)
{
    /// <summary>The height of the node's best tip when it answered: an accepted transfer can be in block <c>TipHeight + 1</c> at the earliest.</summary>
    [Id(4)] public long TipHeight { get; init; }
}
