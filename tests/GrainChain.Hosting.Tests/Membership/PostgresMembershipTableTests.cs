namespace GrainChain.Hosting.Tests.Membership;

/// <summary>The membership contract on PostgreSQL through Orleans' ADO.NET provider and GrainChain's clustering-1.sql.</summary>
public sealed class PostgresMembershipTableTests(PostgresMembershipBackend backend)
    : MembershipTableContract<PostgresMembershipBackend>(backend);
