using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Nodes;

/// <summary>What a ledger node is created with: its chain profile (<c>main</c> or <c>test</c>) and where its mining rewards go.</summary>
[GenerateSerializer, Immutable, Alias("gc.node-settings")]
public sealed record NodeSettings([property: Id(0)] string Profile, [property: Id(1)] Address Miner);
