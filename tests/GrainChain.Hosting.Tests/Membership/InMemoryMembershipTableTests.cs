namespace GrainChain.Hosting.Tests.Membership;

/// <summary>The membership contract on Orleans' in-memory table: proves the contract tests ask only what Orleans' own table does.</summary>
public sealed class InMemoryMembershipTableTests(InMemoryMembershipBackend backend)
    : MembershipTableContract<InMemoryMembershipBackend>(backend);
