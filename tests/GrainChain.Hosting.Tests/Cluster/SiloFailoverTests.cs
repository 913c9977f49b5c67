using GrainChain.Hosting.TestSilo.Harness;
using GrainChain.Hosting.TestSilo.Grains;

namespace GrainChain.Hosting.Tests.Cluster;

/// <summary>Grain state in SQLite outlives the silo that held the grain.</summary>
[Collection(SqliteClusterCollection.Name)]
public sealed class SiloFailoverTests(SqliteClusterFixture fixture)
{
    [Fact]
    public async Task A_grain_keeps_its_persisted_state_when_its_silo_is_killed()
    {
        var cluster = fixture.Cluster;
        var counter = cluster.Client.GetGrain<ICounterGrain>("failover-" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < 5; i++) await counter.IncrementAsync();
        var before = await counter.ReadAsync();
        var host = cluster.Silos.Single(s => s.SiloAddress.ToString() == before.Silo);

        await cluster.KillSiloAsync(host);
        var after = await Poll.UntilAsync(counter.ReadAsync, r => r.Silo != before.Silo, TimeSpan.FromSeconds(60));

        Assert.NotNull(after);
        Assert.Equal(5, after.Value);
        Assert.Equal(6, await counter.IncrementAsync());
        // Give the collection its third silo back.
        await cluster.StartAdditionalSiloAsync();
    }

    [Fact]
    public async Task Many_grains_write_and_read_back_through_the_cluster()
    {
        var counters = Enumerable.Range(0, 50)
            .Select(i => fixture.Cluster.Client.GetGrain<ICounterGrain>($"many-{i}-{Guid.NewGuid():N}")).ToList();

        await Task.WhenAll(counters.Select(async c =>
        {
            for (var n = 0; n < 4; n++) await c.IncrementAsync();
        }));
        var readings = await Task.WhenAll(counters.Select(c => c.ReadAsync()));

        Assert.All(readings, r => Assert.Equal(4, r.Value));
        Assert.True(readings.Select(r => r.Silo).Distinct().Count() > 1, "grains are spread over the silos");
    }
}
