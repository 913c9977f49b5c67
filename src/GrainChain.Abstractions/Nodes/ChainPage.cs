using System.Collections.Immutable;
using GrainChain.Ledger.Blocks;

namespace GrainChain.Abstractions.Nodes;

/// <summary>Consecutive blocks of a node's best chain from <see cref="FromHeight"/>, and the chain's length.</summary>
[GenerateSerializer, Immutable, Alias("gc.chain-page")]
public sealed record ChainPage(
    [property: Id(0)] long FromHeight,
    [property: Id(1)] ImmutableArray<Block> Blocks,
    [property: Id(2)] long Length);
