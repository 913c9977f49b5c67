using System.Diagnostics;
using System.Globalization;
using GrainChain.Hosting.TestSilo.Grains;
using GrainChain.Hosting.TestSilo.Harness;
using Orleans.Runtime;

namespace GrainChain.Benchmarks.Failover;

/// <summary>
/// <c>failover [--rounds N] [--grains N] [--orleans-defaults]</c>: three silo processes on one SQLite file (membership
/// and state, with the README's local membership settings, or Orleans' defaults); each round SIGKILLs the silo holding the most counters and measures how long
/// until the survivors list it Dead and until every one of its grains answers from a survivor with its state.
/// </summary>
public static class FailoverLoad
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static int Run(string[] args)
    {
        var rounds = Option(args, "--rounds", 3);
        var grains = Option(args, "--grains", 30);
        var membership = args.Contains("--orleans-defaults") ? new Dictionary<string, string>() : null;
        Console.WriteLine(membership is null ? "membership: the README's local settings (ProbeTimeout 2 s)" : "membership: Orleans' defaults");
        var dead = new List<double>();
        var answered = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var (toDead, toAnswer, moved) = RunRoundAsync(grains, membership).GetAwaiter().GetResult();
            dead.Add(toDead);
            answered.Add(toAnswer);
            Console.WriteLine(FormattableString.Invariant(
                $"round {round}: Dead in the survivors' view after {toDead:F2} s; all {moved} grains of the killed silo answered with their state after {toAnswer:F2} s"));
        }

        Console.WriteLine(FormattableString.Invariant(
            $"declared dead: max {dead.Max():F2} s, mean {dead.Average():F2} s; grains answer elsewhere: max {answered.Max():F2} s, mean {answered.Average():F2} s"));
        return 0;
    }

    private static async Task<(double Dead, double Answered, int Moved)> RunRoundAsync(int grains, IReadOnlyDictionary<string, string>? membership)
    {
        await using var cluster = new ProcessCluster(membership);
        await cluster.StartSilosAsync(3);
        await cluster.ConnectClientAsync();
        var counters = Enumerable.Range(0, grains).Select(i => cluster.Client.GetGrain<ICounterGrain>($"failover-{i}")).ToList();
        foreach (var counter in counters) await counter.IncrementAsync();
        var readings = await Task.WhenAll(counters.Select(c => c.ReadAsync()));
        var victim = cluster.Silos.OrderByDescending(s => readings.Count(r => r.Silo == s.SiloAddress)).First();
        var orphans = counters.Where((_, i) => readings[i].Silo == victim.SiloAddress).ToList();

        var clock = Stopwatch.StartNew();
        await victim.KillAsync();
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var deadTask = Poll.UntilAsync(async () => await management.GetHosts(onlyActive: false),
            hosts => hosts.Any(h => h.Key.ToString() == victim.SiloAddress && h.Value == SiloStatus.Dead), Deadline)
            .ContinueWith(_ => clock.Elapsed.TotalSeconds, TaskScheduler.Default);
        var answerTask = Task.WhenAll(orphans.Select(o => Poll.UntilAsync(o.ReadAsync, r => r.Silo != victim.SiloAddress && r.Value == 1, Deadline)))
            .ContinueWith(t =>
            {
                if (t.Result.Any(r => r is null)) throw new TimeoutException($"a grain did not answer within {Deadline}\n{cluster.Logs()}");
                return clock.Elapsed.TotalSeconds;
            }, TaskScheduler.Default);
        return (await deadTask, await answerTask, orphans.Count);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
