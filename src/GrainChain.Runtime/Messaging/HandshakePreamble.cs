using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Messaging;

/// <summary>
/// What a connecting side says before any frame: who it is (a silo address or a client id), which cluster it
/// belongs to, and for silo targets which incarnation it means to reach.
/// </summary>
internal sealed record HandshakePreamble(ushort Version, ConnectionRole Role, string ClusterId, SiloAddress? Silo, Guid ClientId, SiloAddress? ExpectedSilo);

/// <summary>The acceptor's answer: accepted (with its own address) or refused (with a reason).</summary>
internal sealed record HandshakeReply(ushort Version, bool Accepted, SiloAddress? Silo, string? RefusalReason);
