namespace GrainChain.Runtime.Membership;

/// <summary>Rows and table version read together, so the version describes exactly these rows.</summary>
public sealed record MembershipTableSnapshot(IReadOnlyList<MembershipRow> Rows, TableVersion Version);
