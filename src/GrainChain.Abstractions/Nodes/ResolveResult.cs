using System.Collections.Immutable;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// The outcome of a resolve: whether the node's chain was replaced by a peer's with more work (and from which peer),
/// how many blocks joined and left the best chain, the resulting tip, and each peer that failed.
/// </summary>
[GenerateSerializer, Immutable, Alias("gc.resolve")]
public sealed record ResolveResult(
    [property: Id(0)] bool Replaced,
    [property: Id(1)] string? FromPeer,
    [property: Id(2)] int Connected,
    [property: Id(3)] int Disconnected,
    [property: Id(4)] Hash256 TipHash,
    [property: Id(5)] long Height,
    [property: Id(6)] ImmutableArray<PeerError> PeerErrors);
