using GrainChain.Runtime.Cluster;
using GrainChain.Runtime.GrainDirectory;
using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Tests.Support;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Cluster;

/// <summary>
/// A silo that changes the membership table tells the others at once. The periodic table refresh is a minute here,
/// far beyond every hang guard, so only the notifications can explain a prompt view change.
/// </summary>
public sealed class MembershipNotificationTests
{
    private static Task<ClusterFixture> StartAsync(int silos) =>
        ClusterTestHost.StartAsync(silos, silo => silo.Configure<ClusterMembershipOptions>(o => o.TableRefreshPeriod = TimeSpan.FromMinutes(1)));

    [Fact]
    public async Task After_a_graceful_stop_the_survivors_see_the_silo_Dead_at_once()
    {
        await using var fixture = await StartAsync(3);
        var cluster = fixture.Cluster;
        var victim = cluster.Silos[2];
        var survivors = cluster.Silos.Take(2).ToList();

        await cluster.StopSiloAsync(victim).Within(60);

        foreach (var survivor in survivors)
        {
            var view = await Membership(survivor).WaitForViewAsync(v => v.IsDead(victim.SiloAddress)).Within();
            Assert.Equal(SiloStatus.Dead, view.GetStatus(victim.SiloAddress));
        }
        await cluster.WaitForLivenessToStabilizeAsync().Within(60);
    }

    [Fact]
    public async Task Calls_made_right_after_a_graceful_stop_all_succeed()
    {
        await using var fixture = await StartAsync(3);
        var cluster = fixture.Cluster;
        var victim = cluster.Silos[2];
        var callers = cluster.Silos.Take(2).Select(s => s.ServiceProvider.GetRequiredService<IClusterClient>()).ToList();
        const int Keys = 100;

        var where = new string[Keys];
        for (int k = 0; k < Keys; k++)
        {
            Assert.Equal(1, await callers[k % 2].GetGrain<ITallyGrain>(k).IncrementAsync().Within());
            where[k] = await callers[k % 2].GetGrain<ITallyGrain>(k).WhereAsync().Within();
        }
        var ring = ConsistentRing.From(cluster.Primary.Silo.ClusterView);
        var victimText = victim.SiloAddress.ToString();
        Assert.Contains(victimText, where);
        Assert.Contains(Enumerable.Range(0, Keys), k => where[k] != victimText && victim.SiloAddress.Equals(ring.Owner(callers[0].GetGrain<ITallyGrain>(k).GetGrainId())));

        await cluster.StopSiloAsync(victim).Within(60);

        // Every caller calls every grain at once, with no pause after the stop: none may fail, none may run twice.
        var calls = Enumerable.Range(0, Keys).Select(async k =>
        {
            var count = await callers[k % 2].GetGrain<ITallyGrain>(k).IncrementAsync().Within(30);
            var home = await callers[(k + 1) % 2].GetGrain<ITallyGrain>(k).WhereAsync().Within(30);
            return (Count: count, Home: home);
        });
        var results = await Task.WhenAll(calls).Within(60);

        Assert.All(results, result => Assert.Equal(2, result.Count));
        Assert.DoesNotContain(victimText, results.Select(r => r.Home));
    }

    [Fact]
    public async Task A_notification_of_a_version_already_held_leaves_the_view_alone()
    {
        await using var fixture = await StartAsync(2);
        var cluster = fixture.Cluster;
        var target = cluster.Silos[1];
        var view = target.Silo.ClusterView;

        await Target(cluster, target.SiloAddress).TableChangedAsync(view.Version - 1).Within();
        await Target(cluster, target.SiloAddress).TableChangedAsync(view.Version).Within();

        Assert.Same(view, target.Silo.ClusterView);
    }

    [Fact]
    public async Task A_forged_notification_can_only_cause_a_read_never_a_view()
    {
        await using var fixture = await StartAsync(2);
        var cluster = fixture.Cluster;
        var target = cluster.Silos[1];
        var view = target.Silo.ClusterView;

        await Target(cluster, target.SiloAddress).TableChangedAsync(long.MaxValue).Within();

        // The table has not moved, so the read finds nothing newer: the view held is still the table's.
        Assert.Equal(view.Version, target.Silo.ClusterView.Version);
        Assert.Same(view, target.Silo.ClusterView);
    }

    [Fact]
    public async Task A_silo_that_joins_is_seen_Active_by_the_others_at_once()
    {
        await using var fixture = await StartAsync(2);
        var cluster = fixture.Cluster;

        var joined = await cluster.StartAdditionalSiloAsync().Within(60);

        foreach (var silo in cluster.Silos.Where(s => s != joined))
        {
            await Membership(silo).WaitForViewAsync(v => v.IsActive(joined.SiloAddress)).Within();
        }
    }

    private static MembershipAgent Membership(SiloHandle silo) =>
        silo.Silo.Cluster?.Membership ?? throw new InvalidOperationException($"{silo.Name} has no cluster membership.");

    private static IMembershipChangeTarget Target(TestCluster cluster, SiloAddress silo) =>
        cluster.Client.GetGrain<IMembershipChangeTarget>(SystemTargetId.For(MembershipChangeTargetGrain.TypeName, silo).Key, MembershipChangeTargetGrain.TypeName);
}
