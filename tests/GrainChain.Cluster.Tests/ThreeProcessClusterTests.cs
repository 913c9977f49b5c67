using GrainChain.Cluster.Tests.Support;
using GrainChain.Cluster.TestSilo.Grains;
using GrainChain.Runtime.Membership;
using Xunit.Abstractions;

namespace GrainChain.Cluster.Tests;

/// <summary>Three silo processes sharing a SQLite membership table and state file, called by a client in the test process.</summary>
public sealed class ThreeProcessClusterTests(ITestOutputHelper output)
{
    // A call that outlives its own response timeout by this much is hung, not slow.
    private static readonly TimeSpan CallGuard = SiloProcessCluster.ResponseTimeout + TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Three_silo_processes_are_Active_in_the_table_and_a_client_reaches_grains_in_each()
    {
        await using var cluster = await SiloProcessCluster.StartAsync(3, output);

        // Each process printed READY once Active, so the table already lists all three, and only them, as Active.
        var table = await cluster.Table.ReadAsync(CancellationToken.None);
        Assert.Equal(cluster.Silos.Select(s => s.Address).Order(), table.WithStatus(SiloStatus.Active).Order());
        Assert.Equal(3, table.Rows.Count);

        await using var connection = await cluster.ConnectClientAsync();
        var client = connection.Client;
        var processIds = cluster.Silos.Select(s => s.ProcessId).ToHashSet();
        var spread = await CounterSpread.CreateAsync(client, processIds, perProcess: 2, CallGuard);

        foreach (var (key, first) in spread.Counters)
        {
            Assert.Equal(1, first.Count);
            Assert.Contains(first.Location.ProcessId, processIds);
            var silo = cluster.Silos.Single(s => s.ProcessId == first.Location.ProcessId);
            Assert.Equal(silo.Address, first.Location.Silo);

            // The activation stays where it is, and its count moves on from the persisted one.
            var second = await client.GetGrain<ICounterGrain>(key).IncrementAsync().WaitAsync(CallGuard);
            Assert.Equal(new CounterReading(2, first.Location), second);
        }

        var places = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => client.GetGrain<IWhereGrain>($"where-{i}").WhereAsync().WaitAsync(CallGuard)));
        Assert.All(places, p => Assert.Contains(p.ProcessId, processIds));
    }

    [Fact]
    public async Task A_killed_silo_process_is_declared_Dead_and_its_counters_resume_elsewhere_with_every_acknowledged_increment()
    {
        await using var cluster = await SiloProcessCluster.StartAsync(3, output);
        await using var connection = await cluster.ConnectClientAsync();
        var client = connection.Client;
        var victim = cluster.Silos[2];
        var survivors = cluster.Silos.Where(s => s != victim).ToList();
        var spread = await CounterSpread.CreateAsync(client, cluster.Silos.Select(s => s.ProcessId).ToList(), perProcess: 3, CallGuard);
        var keys = spread.Counters.Keys.ToArray();
        var acknowledged = keys.Select(k => spread.Counters[k].Count).ToArray();

        // Increments keep flowing while the victim dies: each call answers or fails within its timeout, none hangs.
        using var stopLoad = new CancellationTokenSource();
        var hung = 0;
        var failed = 0;
        var load = Task.Run(async () =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                var outcomes = await Task.WhenAll(keys.Select(async (key, k) =>
                {
                    var call = client.GetGrain<ICounterGrain>(key).IncrementAsync();
                    try
                    {
                        InterlockedMax(ref acknowledged[k], (await call.WaitAsync(CallGuard)).Count);
                        return true;
                    }
                    catch (TimeoutException) when (!call.IsCompleted)
                    {
                        Interlocked.Increment(ref hung);
                        return false;
                    }
                    catch (Exception)
                    {
                        // The outcome of a failed call is unknown (at-most-once); only answered increments must survive.
                        Interlocked.Increment(ref failed);
                        return false;
                    }
                }));
                if (outcomes.Contains(false))
                {
                    // Pacing, not synchronisation: calls refused at once must not turn this loop into a busy spin.
                    await Task.Delay(TimeSpan.FromMilliseconds(50));
                }
            }
        });

        // The load stops however this part ends, so a failed wait cannot leave it running past the test.
        try
        {
            await victim.KillAsync();

            var afterDeath = await Poll.UntilAsync(
                "the survivors declaring the killed silo Dead in the table",
                TimeSpan.FromSeconds(30),
                cluster.Table.ReadAsync,
                t => t.WithStatus(SiloStatus.Dead).SequenceEqual([victim.Address])
                    && t.WithStatus(SiloStatus.Active).Order().SequenceEqual(survivors.Select(s => s.Address).Order()),
                t => t.ToString());

            // Both survivors have read that table version (the management grain asks every Active silo of its view).
            await ClusterViews.WaitUntilActiveAsync(client, survivors, afterDeath.Version, CallGuard);
        }
        finally
        {
            stopLoad.Cancel();
        }
        await load.WaitAsync(CallGuard * 2);
        output.WriteLine($"load during the failure: {failed} failed calls, {hung} hung calls");
        Assert.Equal(0, hung);

        // Every counter answers from a survivor, the victim's ones included, and none lost an acknowledged increment.
        var survivorIds = survivors.Select(s => s.ProcessId).ToHashSet();
        var moved = spread.KeysOn(victim.ProcessId).ToHashSet();
        for (var k = 0; k < keys.Length; k++)
        {
            var reading = await client.GetGrain<ICounterGrain>(keys[k]).IncrementAsync().WaitAsync(CallGuard);
            Assert.Contains(reading.Location.ProcessId, survivorIds);
            Assert.True(reading.Count > acknowledged[k],
                $"{keys[k]}{(moved.Contains(keys[k]) ? " (moved from the killed silo)" : "")}: count {reading.Count} after {acknowledged[k]} acknowledged increments");
        }
    }

    [Fact]
    public async Task A_silo_process_stopped_gracefully_leaves_as_Dead_and_its_counters_resume_elsewhere_exactly()
    {
        await using var cluster = await SiloProcessCluster.StartAsync(3, output);
        await using var connection = await cluster.ConnectClientAsync();
        var client = connection.Client;
        var leaver = cluster.Silos[1];
        var stayers = cluster.Silos.Where(s => s != leaver).ToList();
        var spread = await CounterSpread.CreateAsync(client, cluster.Silos.Select(s => s.ProcessId).ToList(), perProcess: 2, CallGuard);

        Assert.Equal(0, await leaver.StopAsync(TimeSpan.FromSeconds(20)));

        // A graceful stop writes its own Dead row before the process exits: no probes or votes are needed.
        var afterStop = await cluster.Table.ReadAsync(CancellationToken.None);
        Assert.Equal([leaver.Address], afterStop.WithStatus(SiloStatus.Dead));
        Assert.Equal(stayers.Select(s => s.Address).Order(), afterStop.WithStatus(SiloStatus.Active).Order());
        await ClusterViews.WaitUntilActiveAsync(client, stayers, afterStop.Version, CallGuard);

        // Nothing was in doubt, so every counter, the leaver's included, moves on from exactly its last count.
        var stayerIds = stayers.Select(s => s.ProcessId).ToHashSet();
        foreach (var (key, first) in spread.Counters)
        {
            var reading = await client.GetGrain<ICounterGrain>(key).IncrementAsync().WaitAsync(CallGuard);
            Assert.Contains(reading.Location.ProcessId, stayerIds);
            Assert.Equal(first.Count + 1, reading.Count);
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
