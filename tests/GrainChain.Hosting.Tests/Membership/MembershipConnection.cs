using Orleans;
using Orleans.Messaging;

namespace GrainChain.Hosting.Tests.Membership;

/// <summary>One silo's (and one client's) view of a cluster's membership table: what the contract tests call.</summary>
public sealed class MembershipConnection(IMembershipTable table, IGatewayListProvider gateways, IAsyncDisposable? owner = null)
    : IAsyncDisposable
{
    public IMembershipTable Table { get; } = table;

    public IGatewayListProvider Gateways { get; } = gateways;

    public ValueTask DisposeAsync() => owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}
