using GrainChain.Hosting.Clustering;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Orleans.Messaging;

namespace GrainChain.Hosting.Tests.Membership;

/// <summary>
/// Builds Orleans' ADO.NET membership table and gateway list the way a GrainChain silo and client register them
/// (the same internal registrations the public <c>UseGrainChain…Clustering</c> methods call), in a small container
/// of their own: the providers need only options, a logger and the data source, not a running silo.
/// </summary>
internal static class AdoNetMembershipConnections
{
    public static async Task<MembershipConnection> ConnectAsync(
        string clusterId, ClusteringDatabase database, Action<IServiceCollection> addDatabase)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = "membership-tests";
        });
        addDatabase(services);
        services.AddGrainChainMembershipTable(database);
        services.AddGrainChainGatewayListProvider(database);
        var provider = services.BuildServiceProvider();
        try
        {
            var table = provider.GetRequiredService<IMembershipTable>();
            await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
            var gateways = provider.GetRequiredService<IGatewayListProvider>();
            await gateways.InitializeGatewayListProviderAsync();
            return new MembershipConnection(table, gateways, provider);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }
}
