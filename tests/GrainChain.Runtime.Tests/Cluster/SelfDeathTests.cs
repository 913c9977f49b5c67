using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GrainChain.Runtime.Tests.Cluster;

/// <summary>
/// A silo the cluster has declared dead (a partition, a pause longer than the probes allow) may still be running; it
/// must stop serving once it reads its own death, because its grains are re-activated elsewhere.
/// </summary>
public sealed class SelfDeathTests
{
    [Fact]
    public async Task A_silo_that_reads_itself_dead_stops_and_its_grains_answer_from_the_others_with_their_state()
    {
        await using var fixture = await ClusterTestHost.StartAsync(3);
        var cluster = fixture.Cluster;
        var victim = cluster.Silos[2];
        var client = cluster.Client;

        // Persist a count in grains until one lives on the victim.
        var onVictim = new List<long>();
        for (long k = 0; onVictim.Count < 3; k++)
        {
            Assert.True(k < 300, "no grain was placed on the third silo");
            var grain = client.GetGrain<ITallyGrain>(1_000 + k);
            await grain.IncrementAsync().Within();
            if (await grain.WhereAsync().Within() == victim.SiloAddress.ToString())
            {
                onVictim.Add(1_000 + k);
            }
        }
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        victim.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());

        // Another silo's verdict, written straight into the table as a death declaration would be.
        var table = cluster.Primary.ServiceProvider.GetRequiredService<IMembershipTable>();
        var snapshot = await table.ReadRowAsync(victim.SiloAddress).Within();
        var row = Assert.Single(snapshot.Rows);
        Assert.True(await table.UpdateRowAsync(row.Entry with { Status = SiloStatus.Dead }, row.ETag, snapshot.Version).Within());

        // The victim reads it on its next refresh, stops its silo and asks its host to stop.
        await stopping.Task.Within(30);
        Assert.True(victim.Silo.IsStopped);
        Assert.DoesNotContain(victim, cluster.Silos);
        await cluster.WaitForLivenessToStabilizeAsync().Within(60);

        var survivors = cluster.Silos.Select(s => s.SiloAddress.ToString()).ToHashSet();
        Assert.Equal(2, survivors.Count);
        foreach (var key in onVictim)
        {
            var grain = client.GetGrain<ITallyGrain>(key);
            Assert.Contains(await grain.WhereAsync().Within(), survivors);
            Assert.Equal(2, await grain.IncrementAsync().Within());
        }
        Assert.Equal(0, victim.Silo.ActivationCount);
    }
}
