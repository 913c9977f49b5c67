namespace GrainChain.Runtime.Membership;

/// <summary>A membership entry as read, with the ETag an update of it must present.</summary>
public readonly record struct MembershipRow(MembershipEntry Entry, string ETag);
