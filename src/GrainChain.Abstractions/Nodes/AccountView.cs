using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Nodes;

/// <summary>An account at a node's best tip: its balance and the nonce its next confirmed transfer carries.</summary>
[GenerateSerializer, Immutable, Alias("gc.account")]
public sealed record AccountView(
    [property: Id(0)] Address Address,
    [property: Id(1)] Amount Balance,
    [property: Id(2)] ulong NextNonce)
{
    /// <summary>
    /// The nonce a new transfer must carry to follow the sender's transfers pending in this node's mempool: what a
    /// wallet signs with, so two transfers sent before a block do not both claim <see cref="NextNonce"/>.
    /// </summary>
    [Id(3)] public ulong PendingNonce { get; init; }
}
