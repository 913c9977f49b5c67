namespace GrainChain.Runtime.Membership;

/// <summary>One silo's vote that another is dead, with when it was cast so stale votes can be ignored.</summary>
public readonly record struct SuspicionVote(SiloAddress Voter, DateTimeOffset Timestamp);
