namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// A peer that could not be used during a resolve, and why (unreachable, too slow, banned, or sent an invalid block);
/// <see cref="Banned"/> when this failure was misbehaviour that got the peer banned.
/// </summary>
[GenerateSerializer, Immutable, Alias("gc.peer-error")]
public sealed record PeerError([property: Id(0)] string Peer, [property: Id(1)] string Error, [property: Id(2)] bool Banned = false);
