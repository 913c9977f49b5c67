using System.Diagnostics;
using GrainChain.Benchmarks.Cluster;
using GrainChain.Runtime;
using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Storage;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Benchmarks.Load;

/// <summary>
/// <c>load failover</c>: issue #4's recovery figure. Three silos with DEFAULT membership settings and grain state in
/// one shared SQLite file; each round kills the newest silo abruptly and measures, from the kill, when every survivor
/// sees it Dead and when the grains that lived there answer again (with their persisted count), then starts a
/// replacement silo for the next round.
/// </summary>
internal static class FailoverLoad
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan PerCallLimit = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(LoadArguments options)
    {
        int rounds = options.Int("rounds", 3);
        int grainCount = options.Int("grains", 60);
        var directory = Path.Combine(Path.GetTempPath(), "grainchain-failover-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var builder = new TestClusterBuilder(3);
        builder.ConfigureSilo(silo =>
        {
            silo.AddGrainAssembly(typeof(FailoverLoad).Assembly);
            silo.Services.AddSqliteGrainStorage("failover-store", o => o.DataSource = Path.Combine(directory, "state.db"));
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            var defaults = new ClusterMembershipOptions();
            Console.WriteLine($"membership defaults: probe every {defaults.ProbePeriod.TotalSeconds} s, timeout {defaults.ProbeTimeout.TotalSeconds} s, " +
                $"{defaults.NumMissedProbesLimit} missed probes, {defaults.NumVotesForDeathDeclaration} votes, table refresh {defaults.TableRefreshPeriod.TotalSeconds} s");
            double worstDead = 0, worstFirst = 0, worstAll = 0;
            for (int round = 1; round <= rounds; round++)
            {
                var (dead, first, all, moved) = await RunRoundAsync(cluster, grainCount, round);
                Console.WriteLine($"round {round}: Dead in every survivor's view after {dead:N2} s; first grain of the killed silo answered after {first:N2} s, " +
                    $"all {moved} after {all:N2} s (state kept)");
                worstDead = Math.Max(worstDead, dead);
                worstFirst = Math.Max(worstFirst, first);
                worstAll = Math.Max(worstAll, all);
                if (round < rounds)
                {
                    await cluster.StartAdditionalSiloAsync();
                    await cluster.WaitForLivenessToStabilizeAsync();
                }
            }
            Console.WriteLine($"max over {rounds} rounds: declared Dead {worstDead:N2} s (target 10 s); first grain back {worstFirst:N2} s, all grains back {worstAll:N2} s (target 15 s)");
        }
        finally
        {
            await cluster.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<(double Dead, double First, double All, int Moved)> RunRoundAsync(TestCluster cluster, int grainCount, int round)
    {
        var caller = cluster.Primary;
        var client = caller.ServiceProvider.GetRequiredService<IClusterClient>();
        var victim = cluster.Silos[^1];
        var victimAddress = victim.SiloAddress;
        var survivors = cluster.Silos.Where(s => s != victim).ToList();

        // Place (or find) the round's grains and persist one increment each; keep those living on the victim.
        var grains = Enumerable.Range(round * 1000, grainCount).Select(k => client.GetGrain<IFailoverTallyGrain>(k)).ToArray();
        var onVictim = new List<(IFailoverTallyGrain Grain, long Count)>();
        foreach (var grain in grains)
        {
            long count = await grain.IncrementAsync();
            if (await grain.WhereAsync() == victimAddress.ToString())
            {
                onVictim.Add((grain, count));
            }
        }
        if (onVictim.Count == 0)
        {
            throw new InvalidOperationException($"None of {grainCount} grains was placed on {victim.Name}; use more grains.");
        }

        var stopwatch = Stopwatch.StartNew();
        var kill = cluster.KillSiloAsync(victim);
        var detection = WaitForDeadAsync(survivors, victimAddress, stopwatch);
        var recoveries = onVictim.Select(g => WaitForAnswerAsync(g.Grain, g.Count, stopwatch)).ToArray();
        await kill;
        double dead = await detection;
        double[] answered = await Task.WhenAll(recoveries);
        return (dead, answered.Min(), answered.Max(), onVictim.Count);
    }

    private static async Task<double> WaitForDeadAsync(List<SiloHandle> survivors, SiloAddress victim, Stopwatch clock)
    {
        while (clock.Elapsed < GiveUp)
        {
            if (survivors.All(s => s.Silo.ClusterView.GetStatus(victim) == SiloStatus.Dead))
            {
                return clock.Elapsed.TotalSeconds;
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"The survivors did not declare {victim} Dead within {GiveUp}.");
    }

    private static async Task<double> WaitForAnswerAsync(IFailoverTallyGrain grain, long acknowledged, Stopwatch clock)
    {
        Exception? last = null;
        while (clock.Elapsed < GiveUp)
        {
            try
            {
                long count = await grain.IncrementAsync().WaitAsync(PerCallLimit);
                if (count <= acknowledged)
                {
                    throw new InvalidOperationException($"The grain came back with count {count} after {acknowledged} acknowledged increments: its state was lost.");
                }
                return clock.Elapsed.TotalSeconds;
            }
            catch (Exception exception) when (exception is not InvalidOperationException)
            {
                last = exception;
                await Task.Delay(RetryDelay);
            }
        }
        throw new TimeoutException($"A grain of the killed silo did not answer within {GiveUp}; last error: {last?.Message}");
    }
}
