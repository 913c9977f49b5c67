using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Nodes;

/// <summary>A block this node mined and accepted: its hash, height, how many transactions it holds and its target.</summary>
[GenerateSerializer, Immutable, Alias("gc.mined-block")]
public sealed record MinedBlock(
    [property: Id(0)] Hash256 Hash,
    [property: Id(1)] long Height,
    [property: Id(2)] int Transactions)
{
    /// <summary>The block's compact target; the expected number of hashes it took is <c>ProofOfWork.WorkFor(Bits)</c>.</summary>
    [Id(3)] public uint Bits { get; init; }
}
