using System.Diagnostics;
using GrainChain.Hosting.TestSilo.Grains;
using GrainChain.Hosting.TestSilo.Harness;
using Xunit.Abstractions;

namespace GrainChain.Hosting.Tests.Processes;

/// <summary>Three silo processes on one SQLite file: a SIGKILLed silo's grains come back on the survivors with their state.</summary>
public sealed class ThreeSiloProcessTests(ITestOutputHelper output)
{
    private const int Counters = 24;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Grains_of_a_killed_silo_answer_from_the_survivors_with_their_state()
    {
        await using var cluster = new ProcessCluster();
        await cluster.StartSilosAsync(3);
        await cluster.ConnectClientAsync();

        var counters = Enumerable.Range(0, Counters).Select(i => cluster.Client.GetGrain<ICounterGrain>($"counter-{i}")).ToList();
        foreach (var counter in counters)
        {
            for (var n = 0; n < 3; n++) await counter.IncrementAsync();
        }

        var readings = await Task.WhenAll(counters.Select(c => c.ReadAsync()));
        Assert.All(readings, r => Assert.Equal(3, r.Value));
        var victim = cluster.Silos
            .OrderByDescending(s => readings.Count(r => r.Silo == s.SiloAddress))
            .First();
        var orphans = counters.Where((_, i) => readings[i].Silo == victim.SiloAddress).ToList();
        Assert.NotEmpty(orphans);

        var clock = Stopwatch.StartNew();
        await victim.KillAsync();
        foreach (var orphan in orphans)
        {
            var reading = await Poll.UntilAsync(orphan.ReadAsync, r => r.Silo != victim.SiloAddress, Deadline);
            Assert.True(reading is not null, $"{orphan.GetPrimaryKeyString()} did not answer from a survivor within {Deadline}\n{cluster.Logs()}");
            Assert.Equal(3, reading.Value);
        }

        output.WriteLine($"all {orphans.Count} grains of the killed silo answered from survivors {clock.Elapsed.TotalSeconds:F2} s after SIGKILL");

        // The moved grains keep writing where they left off.
        foreach (var orphan in orphans) Assert.Equal(4, await orphan.IncrementAsync());
        Assert.All(cluster.Silos.Where(s => s != victim), s => Assert.False(s.HasExited, s.Output));
    }
}
