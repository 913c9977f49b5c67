using System.Net;
using GrainChain.Hosting.Clustering;
using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using GrainChain.Hosting.TestSilo.Harness;

namespace GrainChain.Hosting.Tests.Membership;

/// <summary>Two silos in this process form one cluster through one SQLite file, and a client finds them there.</summary>
public sealed class SqliteClusterTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _clusterId = $"sqlite-cluster-{Guid.NewGuid():N}";

    private string DatabasePath => _folder.File("cluster.db");

    [Fact]
    public async Task Two_silos_join_through_one_SQLite_file_and_the_one_left_sees_the_other_go()
    {
        using var first = Silo("first");
        using var second = Silo("second");
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        var (a, b) = (first.SiloAddress(), second.SiloAddress());

        foreach (var silo in new[] { first, second })
        {
            await MembershipWatch.UntilAsync(silo, "both silos Active",
                view => view.GetSiloStatus(a) == SiloStatus.Active && view.GetSiloStatus(b) == SiloStatus.Active);
        }

        using (var client = Client())
        {
            await client.StartAsync();
            var hosts = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(new[] { a, b }.ToHashSet(), hosts.Keys.ToHashSet());
            await client.StopAsync();
        }

        await second.StopAsync();

        await MembershipWatch.UntilAsync(first, $"{b} Dead", view => view.GetSiloStatus(b) == SiloStatus.Dead);
        var table = await first.Services.GetRequiredService<IMembershipTable>().ReadAllAsync();
        Assert.Equal(SiloStatus.Active, table.TryGet(a)!.Item1.Status);
        Assert.Equal(SiloStatus.Dead, table.TryGet(b)!.Item1.Status);
        await first.StopAsync();
    }

    private IHost Silo(string name)
    {
        var ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddGrainChainSqliteDatabase(o => o.Path = DatabasePath);
        builder.UseOrleans(silo => silo
            .UseGrainChainSqliteClustering()
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (_clusterId, "membership-tests"))
            .Configure<SiloOptions>(o => o.SiloName = name)
            .ConfigureEndpoints(IPAddress.Loopback, ports[0], ports[1]));
        return builder.Build();
    }

    private IHost Client()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddGrainChainSqliteDatabase(o => o.Path = DatabasePath);
        builder.UseOrleansClient(client => client
            .UseGrainChainSqliteClustering()
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (_clusterId, "membership-tests")));
        return builder.Build();
    }

    public void Dispose() => _folder.Dispose();
}
