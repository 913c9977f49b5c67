using GrainChain.Cluster.TestSilo.Grains;
using GrainChain.Runtime;
using GrainChain.Runtime.Client;
using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GrainChain.Cluster.Tests.Support;

/// <summary>A cluster client in the test process that finds its gateways in the cluster's SQLite membership file.</summary>
internal sealed class ClusterClientConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterClientConnection(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    public static async Task<ClusterClientConnection> ConnectAsync(string clusterId, string membershipFile, TimeSpan responseTimeout)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddGrainChainClient(client => client
            .UseClusterId(clusterId)
            .UseSqliteMembership(o => o.DataSource = membershipFile)
            .Configure<ClientOptions>(o => o.ResponseTimeout = responseTimeout)
            // Re-read the gateway list often: the test kills gateways and wants the survivors used at once.
            .Configure<GatewayOptions>(o => o.GatewayRefreshPeriod = TimeSpan.FromMilliseconds(250))
            .Configure<GrainAssemblyOptions>(o => o.Assemblies.Add(typeof(ICounterGrain).Assembly)));
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new ClusterClientConnection(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
