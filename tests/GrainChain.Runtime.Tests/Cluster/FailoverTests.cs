using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;
using GrainChain.Runtime.Tests.Support;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Cluster;

/// <summary>Silos that die, stop and join while grains are being called.</summary>
public sealed class FailoverTests
{
    [Fact]
    public async Task Grains_of_a_killed_silo_answer_again_elsewhere_with_their_persisted_state()
    {
        await using var fixture = await ClusterTestHost.StartAsync(3, silo =>
        {
            silo.Configure<SiloOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
            silo.Configure<ClientOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        });
        var cluster = fixture.Cluster;
        var client = cluster.Client;
        var victim = cluster.Silos[2];
        const int Keys = 24;

        var acknowledged = new long[Keys];
        var where = new string[Keys];
        for (int k = 0; k < Keys; k++)
        {
            where[k] = await client.GetGrain<ITallyGrain>(k).WhereAsync().Within();
            acknowledged[k] = await client.GetGrain<ITallyGrain>(k).IncrementAsync().Within();
        }
        var onVictim = Enumerable.Range(0, Keys).Where(k => where[k] == victim.SiloAddress.ToString()).ToList();
        Assert.NotEmpty(onVictim);

        // Continuous load from the primary while the victim dies: every call ends (answer or error), none hangs.
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var round = Enumerable.Range(0, Keys).Select(async k =>
                {
                    try
                    {
                        var count = await client.GetGrain<ITallyGrain>(k).IncrementAsync().Within(30);
                        InterlockedMax(ref acknowledged[k], count);
                    }
                    catch (Exception exception) when (exception is not TimeoutException)
                    {
                        Interlocked.Increment(ref failures);
                    }
                });
                await Task.WhenAll(round);
            }
        });

        await cluster.KillSiloAsync(victim);
        await cluster.WaitForLivenessToStabilizeAsync().Within(60);
        stop.Cancel();
        await load.Within(60);

        // After the cluster settled, every grain answers from a live silo and has kept every acknowledged increment.
        var live = cluster.Silos.Select(s => s.SiloAddress.ToString()).ToHashSet();
        for (int k = 0; k < Keys; k++)
        {
            var grain = client.GetGrain<ITallyGrain>(k);
            Assert.Contains(await grain.WhereAsync().Within(), live);
            var count = await grain.IncrementAsync().Within();
            Assert.True(count > acknowledged[k], $"grain {k}: count {count} after {acknowledged[k]} acknowledged increments");
        }
        Assert.DoesNotContain(victim.SiloAddress, cluster.Primary.Silo.ClusterView.ActiveSilos);
    }

    [Fact]
    public async Task A_call_in_flight_to_a_killed_silo_fails_at_once_with_a_clear_exception()
    {
        await using var fixture = await ClusterTestHost.StartAsync(2);
        var cluster = fixture.Cluster;
        var primary = cluster.Silos[0];
        var victim = cluster.Silos[1];
        var client = primary.ServiceProvider.GetRequiredService<IClusterClient>();

        // Find a grain that lives on the victim.
        string? key = null;
        for (int i = 0; key is null; i++)
        {
            var candidate = $"stall-{Guid.NewGuid():N}";
            if (await client.GetGrain<IStallGrain>(candidate).WhereAsync().Within() == victim.SiloAddress.ToString())
            {
                key = candidate;
            }
            Assert.True(i < 200, "no grain was placed on the second silo");
        }
        var entered = StallGrain.Entered.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        var call = client.GetGrain<IStallGrain>(key).StallAsync();
        await entered.Task.Within();

        await cluster.KillSiloAsync(victim);

        // The default timeout is 30 s; the broken connection fails the call long before (Within is only a hang guard).
        var failure = await Assert.ThrowsAsync<SiloUnavailableException>(() => call.Within(20));
        Assert.Contains(victim.SiloAddress.ToString(), failure.Message);
        StallGrain.Gates.TryRemove(key, out _);
    }

    [Fact]
    public async Task No_grain_is_active_twice_after_silos_join_and_leave_under_load()
    {
        await using var fixture = await ClusterTestHost.StartAsync(3);
        var cluster = fixture.Cluster;
        const int Keys = 100;
        using var stop = new CancellationTokenSource();

        async Task Hammer(IClusterClient factory, int seed)
        {
            var random = new Random(seed);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await factory.GetGrain<ILocatorGrain>($"dup{random.Next(Keys)}").WhereAsync().Within(30);
                }
                catch (Exception exception) when (exception is not TimeoutException)
                {
                    // Calls to the leaving silo may be refused or cut; the point is what remains afterwards.
                }
            }
        }

        var hammers = cluster.Silos.Take(2)
            .SelectMany((s, i) => Enumerable.Range(0, 4).Select(j => Task.Run(() => Hammer(s.ServiceProvider.GetRequiredService<IClusterClient>(), i * 10 + j))))
            .ToList();

        var joined = await cluster.StartAdditionalSiloAsync();
        await cluster.StopSiloAsync(cluster.Silos[2]);
        await cluster.WaitForLivenessToStabilizeAsync().Within(60);
        stop.Cancel();
        await Task.WhenAll(hammers).Within(60);
        await cluster.WaitForLivenessToStabilizeAsync().Within(60);

        for (int k = 0; k < Keys; k++)
        {
            await cluster.Client.GetGrain<ILocatorGrain>($"dup{k}").WhereAsync().Within();
        }
        var counts = cluster.Silos
            .SelectMany(s => s.Silo.Runtime.Catalog.Activations.Where(a => a.GrainId.Key.StartsWith("dup", StringComparison.Ordinal)).Select(a => a.GrainId))
            .GroupBy(id => id)
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Keys, counts.Count);
        Assert.All(counts, pair => Assert.True(pair.Value == 1, $"{pair.Key} has {pair.Value} activations"));
        Assert.Contains(joined, cluster.Silos);
    }

    [Fact]
    public async Task A_silo_with_another_cluster_id_cannot_join()
    {
        await using var fixture = await ClusterTestHost.StartAsync(2);
        var cluster = fixture.Cluster;
        var members = cluster.Silos.Select(s => s.SiloAddress).ToHashSet();

        // Same membership table (its rows are written under the test cluster's id), but the connection handshake
        // presents another cluster id: the members refuse it, cannot probe it, and vote it dead.
        var intruderBuilder = new TestClusterBuilder(1);
        var store = cluster.Primary.ServiceProvider.GetRequiredService<InMemoryMembershipStore>();
        var clusterId = cluster.Options.ClusterId;
        intruderBuilder.Options.ClusterId = "intruders";
        intruderBuilder.ConfigureSilo(silo =>
        {
            silo.UseInMemoryMembership(o => o.ClusterId = clusterId, store);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbePeriod = TimeSpan.FromMilliseconds(300);
                o.TableRefreshPeriod = TimeSpan.FromMilliseconds(250);
            });
        });
        intruderBuilder.Options.StabilizationTimeout = TimeSpan.FromSeconds(1);
        await using var intruder = intruderBuilder.Build();
        await Assert.ThrowsAnyAsync<Exception>(() => intruder.DeployAsync());

        // The real members end up seeing only each other, and keep serving.
        await cluster.WaitForLivenessToStabilizeAsync().Within(60);
        foreach (var silo in cluster.Silos)
        {
            Assert.True(silo.Silo.ClusterView.ActiveSilos.ToHashSet().SetEquals(members));
        }
        Assert.Equal(5, await cluster.Client.GetGrain<ILocatorGrain>("after-intruder").AddAsync(2, 3).AsTask().Within());
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
