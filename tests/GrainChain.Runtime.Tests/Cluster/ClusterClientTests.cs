using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GrainChain.Runtime.Client;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Tests.Support;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Tests.Cluster;

/// <summary>
/// A cluster client in its own generic host, as a console program would run it, calling a test cluster over
/// loopback: static gateways, gateways from the membership table, gateways that die and join, refusals, stopping.
/// </summary>
public sealed class ClusterClientTests
{
    [Fact]
    public async Task A_client_with_static_gateways_calls_grains_on_every_silo()
    {
        await using var fixture = await ClusterTestHost.StartAsync(3);
        var cluster = fixture.Cluster;
        var silos = cluster.Silos.Select(s => s.SiloAddress).ToHashSet();
        using var host = await StartClientAsync(cluster, c => c.UseStaticGateways([.. silos.Select(s => s.Endpoint)]));
        await Router(host).WaitForGatewaysAsync(g => g.ToHashSet().SetEquals(silos), CancellationToken.None).Within();
        var client = host.Services.GetRequiredService<IClusterClient>();

        // Random placement over 60 grains misses a silo with probability 3 * (2/3)^60, about 1e-10.
        var where = new Dictionary<string, string>();
        for (int i = 0; i < 60; i++)
        {
            where[$"c{i}"] = await client.GetGrain<ILocatorGrain>($"c{i}").WhereAsync().Within();
        }
        Assert.Equal(silos.Select(s => s.ToString()).ToHashSet(), where.Values.ToHashSet());

        foreach (var (key, silo) in where.Take(12))
        {
            var grain = client.GetGrain<ILocatorGrain>(key);
            var returned = await grain.ReturnAsync(new Parcel("box", [1, 2], new Dictionary<string, string> { ["from"] = "client" })).Within();
            Assert.Equal($"box via {silo}", returned.Label);
            Assert.Equal([1, 2, 2], returned.Items);
            Assert.Equal("client", returned.Tags["from"]);
            Assert.Equal(9, await grain.AddAsync(4, 5).AsTask().Within());
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => grain.FailAsync($"boom {key}").Within());
            Assert.Contains($"boom {key}", failure.Message);
            Assert.True(failure is InvalidOperationException || failure is RemoteGrainException { OriginalTypeName: "System.InvalidOperationException" },
                $"unexpected {failure.GetType()}: {failure.Message}");
        }

        // State written through the client is the grains' persisted state: it survives its silo's departure.
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(k + 1, await client.GetGrain<ITallyGrain>(7).IncrementAsync().Within());
        }
        Assert.Equal(3, await cluster.Client.GetGrain<ITallyGrain>(7).GetAsync().Within());
        var tallyHome = await client.GetGrain<ITallyGrain>(7).WhereAsync().Within();
        var home = cluster.Silos.Single(s => s.SiloAddress.ToString() == tallyHome);
        await cluster.StopSiloAsync(home).Within(60);
        await cluster.WaitForLivenessToStabilizeAsync().Within(60);
        await Router(host).WaitForGatewaysAsync(g => !g.Contains(home.SiloAddress), CancellationToken.None).Within();

        Assert.Equal(4, await client.GetGrain<ITallyGrain>(7).IncrementAsync().Within());
        Assert.NotEqual(home.SiloAddress.ToString(), await client.GetGrain<ITallyGrain>(7).WhereAsync().Within());
    }

    [Fact]
    public async Task A_client_finds_its_gateways_in_the_membership_table()
    {
        await using var fixture = await ClusterTestHost.StartAsync(3);
        var cluster = fixture.Cluster;
        var silos = cluster.Silos.Select(s => s.SiloAddress).ToHashSet();
        using var host = await StartClientAsync(cluster, c => c.UseInMemoryMembership(Store(cluster)));
        await Router(host).WaitForGatewaysAsync(g => g.ToHashSet().SetEquals(silos), CancellationToken.None).Within();
        var client = host.Services.GetRequiredService<IClusterClient>();

        var where = new HashSet<string>();
        for (int i = 0; i < 60; i++)
        {
            where.Add(await client.GetGrain<ILocatorGrain>($"t{i}").WhereAsync().Within());
        }
        Assert.Equal(silos.Select(s => s.ToString()).ToHashSet(), where);
        Assert.Equal(1, await client.GetGrain<ITallyGrain>(11).IncrementAsync().Within());
    }

    [Fact]
    public async Task When_a_gateway_dies_its_calls_fail_at_once_and_the_client_moves_to_the_others()
    {
        await using var fixture = await ClusterTestHost.StartAsync(3);
        var cluster = fixture.Cluster;
        var silos = cluster.Silos.Select(s => s.SiloAddress).ToHashSet();
        using var host = await StartClientAsync(cluster, c => c.UseInMemoryMembership(Store(cluster)));
        var router = Router(host);
        await router.WaitForGatewaysAsync(g => g.ToHashSet().SetEquals(silos), CancellationToken.None).Within();
        var client = host.Services.GetRequiredService<IClusterClient>();
        var victim = cluster.Silos[1];

        // A call in flight through the victim as gateway, to a grain that lives elsewhere: only the gateway dies.
        string? key = null;
        for (int i = 0; key is null; i++)
        {
            Assert.True(i < 200, "no grain was both routed through the victim and placed on another silo");
            var candidate = $"client-stall-{Guid.NewGuid():N}";
            var grain = client.GetGrain<IStallGrain>(candidate);
            if (router.GatewayFor(grain.GetGrainId()) == victim.SiloAddress && await grain.WhereAsync().Within() != victim.SiloAddress.ToString())
            {
                key = candidate;
            }
        }
        try
        {
            var entered = StallGrain.Entered.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
            var call = client.GetGrain<IStallGrain>(key).StallAsync();
            await entered.Task.Within();
            var clock = Stopwatch.StartNew();

            await cluster.KillSiloAsync(victim);

            // The call timeout is 30 s; the broken connection fails the call long before (Within is only a hang guard).
            var failure = await Assert.ThrowsAsync<SiloUnavailableException>(() => call.Within(20));
            Assert.Contains(victim.SiloAddress.ToString(), failure.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the call failed only after {clock.Elapsed}");
            Assert.DoesNotContain(victim.SiloAddress, router.Gateways);
            Assert.Equal(2, router.Gateways.Count);

            // Once the cluster has settled, every grain answers through the remaining gateways.
            await cluster.WaitForLivenessToStabilizeAsync().Within(60);
            var live = cluster.Silos.Select(s => s.SiloAddress.ToString()).ToHashSet();
            for (int i = 0; i < 20; i++)
            {
                Assert.Contains(await client.GetGrain<ILocatorGrain>($"after-kill-{i}").WhereAsync().Within(), live);
            }

            // A silo that joins later is found in the table and becomes a gateway.
            var replacement = await cluster.StartAdditionalSiloAsync();
            await router.WaitForGatewaysAsync(g => g.Contains(replacement.SiloAddress), CancellationToken.None).Within();
            Assert.Equal(cluster.Silos.Select(s => s.SiloAddress).ToHashSet(), router.Gateways.ToHashSet());
            string? throughReplacement = null;
            for (int i = 0; throughReplacement is null; i++)
            {
                Assert.True(i < 200, "no grain was routed through the replacement");
                var candidate = client.GetGrain<ILocatorGrain>($"via-new-{i}");
                if (router.GatewayFor(candidate.GetGrainId()) == replacement.SiloAddress)
                {
                    throughReplacement = $"via-new-{i}";
                }
            }
            Assert.Equal(5, await client.GetGrain<ILocatorGrain>(throughReplacement).AddAsync(2, 3).AsTask().Within());
        }
        finally
        {
            StallGrain.Gates.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    [Fact]
    public async Task A_client_with_static_gateways_keeps_calling_through_the_others_when_one_dies()
    {
        await using var fixture = await ClusterTestHost.StartAsync(3);
        var cluster = fixture.Cluster;
        var silos = cluster.Silos.Select(s => s.SiloAddress).ToHashSet();
        using var host = await StartClientAsync(cluster, c => c.UseStaticGateways([.. silos.Select(s => s.Endpoint)]));
        var router = Router(host);
        await router.WaitForGatewaysAsync(g => g.Count == 3, CancellationToken.None).Within();
        var client = host.Services.GetRequiredService<IClusterClient>();
        var victim = cluster.Silos[2];

        await cluster.KillSiloAsync(victim);
        await router.WaitForGatewaysAsync(g => !g.Contains(victim.SiloAddress), CancellationToken.None).Within();
        await cluster.WaitForLivenessToStabilizeAsync().Within(60);

        // The dead endpoint stays configured and is retried with back-off; calls use the two that answer.
        var live = cluster.Silos.Select(s => s.SiloAddress.ToString()).ToHashSet();
        for (int i = 0; i < 20; i++)
        {
            Assert.Contains(await client.GetGrain<ILocatorGrain>($"static-after-kill-{i}").WhereAsync().Within(), live);
        }
        Assert.Equal(cluster.Silos.Select(s => s.SiloAddress).ToHashSet(), router.Gateways.ToHashSet());
    }

    [Fact]
    public async Task A_client_with_another_cluster_id_is_refused_at_connect_and_the_silo_serves_on()
    {
        await using var fixture = await ClusterTestHost.StartAsync(1);
        var cluster = fixture.Cluster;
        var gateway = cluster.Primary.SiloAddress.Endpoint;

        var refused = await Assert.ThrowsAsync<ConnectionRefusedException>(() => StartClientAsync(cluster, c => c
            .UseStaticGateways(gateway)
            .UseClusterId("someone-else")
            .Configure<GatewayOptions>(o => o.InitialConnectTimeout = TimeSpan.FromSeconds(60))));
        Assert.Contains("cluster id 'someone-else'", refused.Message);
        Assert.Contains(cluster.Options.ClusterId, refused.Message);

        using var host = await StartClientAsync(cluster, c => c.UseStaticGateways(gateway));
        var client = host.Services.GetRequiredService<IClusterClient>();
        Assert.Equal(5, await client.GetGrain<ILocatorGrain>("after-refusal").AddAsync(2, 3).AsTask().Within());
    }

    [Fact]
    public async Task Starting_a_client_when_no_gateway_answers_fails_within_the_connect_timeout()
    {
        // Bound but not listening: connects are refused, and no other test can take the port while we hold it.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var endpoint = (IPEndPoint)silent.LocalEndPoint!;
        var timeout = TimeSpan.FromMilliseconds(400);
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<SiloUnavailableException>(() => StartClientAsync("nobody-home", c => c
            .UseStaticGateways(endpoint)
            .Configure<GatewayOptions>(o => o.InitialConnectTimeout = timeout)));

        Assert.True(clock.Elapsed < timeout + TimeSpan.FromSeconds(5), $"start failed only after {clock.Elapsed}");
        Assert.Contains("could not connect to any gateway within", failure.Message);
        Assert.Contains(endpoint.ToString(), failure.Message);
    }

    [Fact]
    public async Task Starting_a_client_whose_membership_table_lists_no_gateway_fails_within_the_connect_timeout()
    {
        var failure = await Assert.ThrowsAsync<SiloUnavailableException>(() => StartClientAsync("empty-table", c => c
            .UseInMemoryMembership(new InMemoryMembershipStore())
            .Configure<GatewayOptions>(o => o.InitialConnectTimeout = TimeSpan.FromMilliseconds(300))));

        Assert.Contains("could not connect to any gateway within", failure.Message);
        Assert.Contains("membership table", failure.Message);
    }

    [Fact]
    public async Task Stopping_the_client_lets_calls_in_flight_finish_and_refuses_new_ones_meanwhile()
    {
        await using var fixture = await ClusterTestHost.StartAsync(1);
        var cluster = fixture.Cluster;
        var host = await StartClientAsync(cluster, c => c.UseStaticGateways(cluster.Primary.SiloAddress.Endpoint));
        var client = host.Services.GetRequiredService<IClusterClient>();
        var key = $"client-drain-{Guid.NewGuid():N}";
        var gate = StallGrain.Gates.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            var entered = StallGrain.Entered.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
            var call = client.GetGrain<IStallGrain>(key).StallAsync();
            await entered.Task.Within();

            var stopping = host.StopAsync();
            // New calls fail at once while the stop waits for the one in flight, which cannot finish before the gate opens.
            var refused = await Assert.ThrowsAsync<SiloUnavailableException>(() => client.GetGrain<ILocatorGrain>("during-stop").WhereAsync().Within());
            Assert.Contains("stopping", refused.Message);
            Assert.False(stopping.IsCompleted);
            Assert.False(call.IsCompleted);

            gate.TrySetResult();
            await call.Within();
            await stopping.Within();
            await Assert.ThrowsAsync<SiloUnavailableException>(() => client.GetGrain<ILocatorGrain>("after-stop").WhereAsync().Within());
        }
        finally
        {
            gate.TrySetResult();
            host.Dispose();
        }
    }

    [Fact]
    public async Task Stopping_the_client_with_its_token_cancelled_fails_its_calls_in_flight_and_disposing_twice_is_safe()
    {
        await using var fixture = await ClusterTestHost.StartAsync(1);
        var cluster = fixture.Cluster;
        var host = await StartClientAsync(cluster, c => c.UseStaticGateways(cluster.Primary.SiloAddress.Endpoint));
        var client = host.Services.GetRequiredService<IClusterClient>();
        var key = $"client-stop-{Guid.NewGuid():N}";
        try
        {
            var entered = StallGrain.Entered.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
            var call = client.GetGrain<IStallGrain>(key).StallAsync();
            await entered.Task.Within();

            // The host's shutdown timeout has passed: the stop does not wait for the call, which fails.
            await host.StopAsync(new CancellationToken(canceled: true)).Within();

            await Assert.ThrowsAsync<SiloUnavailableException>(() => call.Within());
            var after = await Assert.ThrowsAsync<SiloUnavailableException>(() => client.GetGrain<ILocatorGrain>("after-stop").WhereAsync().Within());
            Assert.Contains("stopped", after.Message);
            host.Dispose();
            host.Dispose();
            await ((IAsyncDisposable)host).DisposeAsync();
        }
        finally
        {
            StallGrain.Gates.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }

        // Disposed without being stopped first (the synchronous path of a using declaration), twice.
        var unstopped = await StartClientAsync(cluster, c => c.UseStaticGateways(cluster.Primary.SiloAddress.Endpoint));
        var unstoppedClient = unstopped.Services.GetRequiredService<IClusterClient>();
        Assert.Equal(3, await unstoppedClient.GetGrain<ILocatorGrain>("x").AddAsync(1, 2).AsTask().Within());
        unstopped.Dispose();
        unstopped.Dispose();
        await Assert.ThrowsAsync<SiloUnavailableException>(() => unstoppedClient.GetGrain<ILocatorGrain>("x").WhereAsync().Within());
    }

    private static Task<IHost> StartClientAsync(TestCluster cluster, Action<IClientBuilder> configure) =>
        StartClientAsync(cluster.Options.ClusterId, configure);

    // The client's own host, as a console program builds it; its cluster id may be overridden by configure.
    private static async Task<IHost> StartClientAsync(string clusterId, Action<IClientBuilder> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (Environment.GetEnvironmentVariable("GRAINCHAIN_TEST_LOG") is { Length: > 0 } logPath)
        {
            builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new FileLoggerProvider(logPath, "client")));
        }
        builder.UseGrainChainClient(client =>
        {
            client.UseClusterId(clusterId);
            configure(client);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync().Within(60);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return host;
    }

    private static GatewayRouter Router(IHost host) => host.Services.GetRequiredService<ClusterClientLifetime>().Router;

    private static InMemoryMembershipStore Store(TestCluster cluster) => cluster.Primary.ServiceProvider.GetRequiredService<InMemoryMembershipStore>();
}
