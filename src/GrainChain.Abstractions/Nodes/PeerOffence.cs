namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// Misbehaviour a node holds against a peer. Each weighs a number of points; at 100 the peer is banned. Failures
/// that an honest peer can cause (timeouts, being unreachable, "don't have") are not offences.
/// </summary>
public enum PeerOffence
{
    /// <summary>Sent a block that breaks a consensus rule (bad signature, proof of work, double spend...): 100.</summary>
    InvalidBlock = 1,

    /// <summary>Offered headers that break the header rules: 100.</summary>
    InvalidHeaders,

    /// <summary>Claimed more work than the chain it serves has: 100.</summary>
    WorkNotServed,

    /// <summary>Answered a request for one block or transaction with another: 100.</summary>
    WrongData,

    /// <summary>Relayed a transaction that can never be valid (bad signature, another chain, not a transfer): 20.</summary>
    InvalidTransaction,

    /// <summary>Sent an announcement that cannot be read: 20.</summary>
    MalformedAnnouncement,

    /// <summary>Announced a transaction, then did not have it: 5.</summary>
    AnnouncedMissing,
}
