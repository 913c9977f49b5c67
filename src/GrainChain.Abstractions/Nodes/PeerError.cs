namespace GrainChain.Abstractions.Nodes;

/// <summary>A peer that could not be used during a resolve, and why (unreachable, too slow, or sent an invalid block).</summary>
[GenerateSerializer, Immutable, Alias("gc.peer-error")]
public sealed record PeerError([property: Id(0)] string Peer, [property: Id(1)] string Error);
