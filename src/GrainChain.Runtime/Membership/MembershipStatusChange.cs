namespace GrainChain.Runtime.Membership;

/// <summary>
/// A status a membership agent wrote to the table: whose row, the new status, the table version the write produced,
/// and the silos that were Joining or Active in the rows the write was based on (the ones to tell: any silo that
/// joins later reads the table after this write anyway).
/// </summary>
internal readonly record struct MembershipStatusChange(SiloAddress Silo, SiloStatus Status, long Version, IReadOnlyList<SiloAddress> Members);
