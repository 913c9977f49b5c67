using System.Collections.Concurrent;
using Orleans;
using Orleans.Messaging;
using Orleans.TestingHost;

namespace GrainChain.Hosting.Tests.Membership;

/// <summary>
/// Orleans' own in-memory membership table, the one <see cref="InProcessTestCluster"/> gives its silos: the reference
/// the contract is checked against. Orleans keeps the type internal (only the test cluster builds one), so it is
/// built here by reflection; one instance per cluster id, as a cluster's silos share one table.
/// </summary>
public sealed class InMemoryMembershipBackend : MembershipBackend
{
    private const string TypeName = "Orleans.TestingHost.InProcess.InProcessMembershipTable";

    private readonly ConcurrentDictionary<string, object> _tables = new(StringComparer.Ordinal);

    public override Task<MembershipConnection> ConnectAsync(string clusterId)
    {
        var table = _tables.GetOrAdd(clusterId, Create);
        return Task.FromResult(new MembershipConnection((IMembershipTable)table, (IGatewayListProvider)table));
    }

    private static object Create(string clusterId)
    {
        var type = typeof(InProcessTestCluster).Assembly.GetType(TypeName, throwOnError: true)!;
        return Activator.CreateInstance(type, clusterId)!;
    }
}
