namespace GrainChain.Hosting.Tests.Membership;

/// <summary>The membership contract on SQLite through Orleans' ADO.NET provider and GrainChain's clustering-1.sql.</summary>
public sealed class SqliteMembershipTableTests(SqliteMembershipBackend backend)
    : MembershipTableContract<SqliteMembershipBackend>(backend);
