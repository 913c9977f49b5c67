using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Nodes;

/// <summary>A block this node mined and accepted: its hash, height and how many transactions it holds.</summary>
[GenerateSerializer, Immutable, Alias("gc.mined-block")]
public sealed record MinedBlock(
    [property: Id(0)] Hash256 Hash,
    [property: Id(1)] long Height,
    [property: Id(2)] int Transactions);
