using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Nodes;

/// <summary>An account at a node's best tip: its balance and the nonce its next transfer must carry.</summary>
[GenerateSerializer, Immutable, Alias("gc.account")]
public sealed record AccountView(
    [property: Id(0)] Address Address,
    [property: Id(1)] Amount Balance,
    [property: Id(2)] ulong NextNonce);
