namespace GrainChain.Runtime.Membership;

/// <summary>A status a membership agent wrote to the table: whose row, the new status, and the table version the write produced.</summary>
internal readonly record struct MembershipStatusChange(SiloAddress Silo, SiloStatus Status, long Version);
