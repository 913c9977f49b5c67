using System.Diagnostics;
using System.Globalization;
using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Wallets;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace GrainChain.Benchmarks.Network;

/// <summary>
/// <c>network [--nodes N] [--peers K] [--blocks B] [--silos S] [--seed X] [--catchup BLOCKS] ...</c>: N ledger nodes
/// on the <c>test</c> profile in an S-silo in-process cluster (memory backend), each following K peers (a ring plus
/// random chords, so every block can reach every node). Each of B rounds mines one block on a random node and polls
/// every node's tip until all have it, per round within a deadline; it prints when the last node had it and when each
/// node did. Optionally a fresh node then resolves against a peer that is BLOCKS blocks ahead. A budget caps the run.
/// </summary>
public static class NetworkLoad
{
    /// <summary>Calls in flight at once while setting up: nodes created, or nodes adding their peers.</summary>
    private const int Concurrency = 100;

    private const int CatchupBatch = 500;

    public static int Run(string[] args)
    {
        NetworkLoadOptions options;
        try
        {
            options = NetworkLoadOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        return RunAsync(options).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(NetworkLoadOptions options)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"network load: {options.Nodes} nodes x {options.Peers} peers on {options.Silos} silos, {options.Blocks} blocks, seed {options.Seed}, " +
            $"catch-up {(options.Catchup > 0 ? $"{options.Catchup} blocks" : "skipped")}, budget {options.Budget.TotalSeconds:0} s; " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}"));
        var budget = new Budget(options.Budget);
        using var traffic = new OrleansTraffic();
        var clock = Stopwatch.StartNew();
        var cluster = await NetworkCluster.StartAsync(options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cluster of {options.Silos} silos up in {clock.Elapsed.TotalSeconds:F1} s; {NetworkCluster.DescribeStreams(cluster)}"));
        try
        {
            using var key = KeyPair.Generate();
            var settings = new NodeSettings("test", key.Address);
            await NetworkPhaseAsync(cluster.Client, settings, options, budget, traffic);
            if (options.Catchup > 0) await CatchupPhaseAsync(cluster.Client, settings, options.Catchup, budget);
            return 0;
        }
        catch (TimeoutException e)
        {
            Console.WriteLine(budget.Remaining == TimeSpan.Zero
                ? string.Create(CultureInfo.InvariantCulture, $"stopped: the {options.Budget.TotalSeconds:0} s budget ran out ({e.Message})")
                : $"stopped: {e.Message}");
            return 1;
        }
        finally
        {
            // Stopping silos that hold thousands of activations can take long; the figures are out already.
            var stop = cluster.DisposeAsync().AsTask();
            if (await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(30))) != stop)
                Console.WriteLine("the cluster was still stopping after 30 s; leaving it to the process's exit");
        }
    }

    private static async Task NetworkPhaseAsync(
        IClusterClient client, NodeSettings settings, NetworkLoadOptions options, Budget budget, OrleansTraffic traffic)
    {
        var random = new Random(options.Seed);
        var graph = new PeerGraph(options.Nodes, options.Peers, random);
        var nodes = Enumerable.Range(0, options.Nodes).Select(i => client.GetGrain<INodeGrain>(NodeName(i))).ToArray();

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        await InChunksAsync(options.Nodes, i => nodes[i].CreateAsync(settings), budget, "creating nodes");
        var created = clock.Elapsed;
        clock.Restart();
        var waves = graph.AdditionWaves();
        foreach (var wave in waves)
        {
            var byNode = wave.GroupBy(pair => pair.Node).ToArray();
            await InChunksAsync(byNode.Length, async at =>
            {
                foreach (var (node, peer) in byNode[at]) await nodes[node].AddPeerAsync(NodeName(peer));
            }, budget, "adding peers");
        }

        var peered = clock.Elapsed;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"setup: {options.Nodes} nodes created in {created.TotalSeconds:F1} s ({options.Nodes / created.TotalSeconds:N0}/s), " +
            $"{options.Nodes * options.Peers} peers added in {peered.TotalSeconds:F1} s ({options.Nodes * options.Peers / peered.TotalSeconds:N0}/s), " +
            $"{Concurrency} nodes at a time in {waves.Count} waves"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: managed heap {heapBefore / 1048576.0:F1} MB before the nodes, {heapAfter / 1048576.0:F1} MB after = " +
            $"{(heapAfter - heapBefore) / 1024.0 / options.Nodes:F1} KB per idle node (one process holds every silo and the client)"));

        var idle = await MeasureRoundAsync(nodes, -1, default, options.PollPause, TimeSpan.FromSeconds(10), once: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one poll of all {options.Nodes} tips while idle: {idle.PollMilliseconds:F0} ms"));

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var roundsClock = Stopwatch.StartNew();
        var trafficBefore = traffic.Snapshot();
        long pollCalls = 0;
        var lastNode = new List<(int Round, double Ms)>();
        var perNode = new List<double>();
        var byHop = new SortedDictionary<int, List<double>>();
        var missedRounds = 0;
        var rounds = 0;
        for (var round = 1; round <= options.Blocks; round++)
        {
            if (budget.Remaining < TimeSpan.FromSeconds(1))
            {
                Console.WriteLine($"the {options.Budget.TotalSeconds:0} s budget ran out after {rounds} rounds");
                break;
            }

            var deadline = budget.Remaining < options.RoundDeadline ? budget.Remaining : options.RoundDeadline;
            var miner = random.Next(options.Nodes);
            clock.Restart();
            var mined = (await nodes[miner].MineAsync(1).WaitAsync(deadline))[0];
            var mineMs = clock.Elapsed.TotalMilliseconds;
            var result = await MeasureRoundAsync(nodes, miner, mined.Hash, options.PollPause, deadline, once: false);
            rounds++;
            pollCalls += result.Calls;
            var hops = graph.HopsFrom(miner);
            for (var i = 0; i < nodes.Length; i++)
            {
                if (i == miner || double.IsNaN(result.Arrivals[i])) continue;
                perNode.Add(result.Arrivals[i]);
                if (!byHop.TryGetValue(hops[i], out var atHop)) byHop[hops[i]] = atHop = [];
                atHop.Add(result.Arrivals[i]);
            }

            var others = nodes.Length - 1;
            var reached = result.Arrivals.Where((ms, i) => i != miner && !double.IsNaN(ms)).ToList();
            var outcome = reached.Count == others
                ? string.Create(CultureInfo.InvariantCulture, $"all {others} others had it after {reached.Max():F0} ms (median node {Percentile(reached, 0.50):F0} ms)")
                : string.Create(CultureInfo.InvariantCulture, $"MISSED: {reached.Count} of {others} others had it within {deadline.TotalSeconds:0} s");
            if (reached.Count == others) lastNode.Add((round, reached.Max()));
            else missedRounds++;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round,2}: {NodeName(miner)} mined height {mined.Height} (MineAsync {mineMs:F0} ms); {outcome}; " +
                $"{hops.Max()} hops at most; {result.Polls} polls of {result.PollMilliseconds:F0} ms on average"));
        }

        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore) / roundsClock.Elapsed / Environment.ProcessorCount;
        var trafficAfter = traffic.Snapshot();
        var heapAfterRounds = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rounds} rounds, {missedRounds} missed (not every node within the round's deadline); the process used {cpu:P0} of the machine's {Environment.ProcessorCount} cores meanwhile"));
        if (lastNode.Count > 0)
        {
            var times = lastNode.Select(l => l.Ms).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"time until the last node had the block: p50 {Percentile(times, 0.50):F0} ms, p99 {Percentile(times, 0.99):F0} ms, max {times.Max():F0} ms over {times.Count} complete rounds (target: p99 <= 2000 ms)"));
            var warm = lastNode.Where(l => l.Round > 1).Select(l => l.Ms).ToList();
            if (warm.Count > 0 && warm.Count < times.Count)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  without round 1 (streams cold, first announcement on each): p50 {Percentile(warm, 0.50):F0} ms, p99 {Percentile(warm, 0.99):F0} ms, max {warm.Max():F0} ms"));
        }

        if (perNode.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"time until each node had the block: p50 {Percentile(perNode, 0.50):F0} ms, p99 {Percentile(perNode, 0.99):F0} ms, max {perNode.Max():F0} ms over {perNode.Count} arrivals"));
            Console.WriteLine("  by announcement hops from the miner (fewest possible):");
            foreach (var (hop, times) in byHop)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {hop,3} hops: {times.Count,6} arrivals, p50 {Percentile(times, 0.50),6:F0} ms, p99 {Percentile(times, 0.99),6:F0} ms, max {times.Max(),6:F0} ms"));
            }
        }

        Console.WriteLine("arrival times are when a poll that saw the block returned: up to one poll late.");
        if (rounds > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"traffic per block (Orleans metrics): {(trafficAfter.Reads - trafficBefore.Reads) / (double)rounds:N0} announcements read from the queues, " +
                $"{(trafficAfter.Deliveries - trafficBefore.Deliveries) / (double)rounds:N0} deliveries to subscribers, " +
                $"{(trafficAfter.Remote - trafficBefore.Remote) / (double)rounds:N0} messages between silos and client, " +
                $"{(trafficAfter.Local - trafficBefore.Local) / (double)rounds:N0} within silos; of these, {pollCalls / (double)rounds:N0} tip polls (2+ messages each)"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory after the rounds: {(heapAfterRounds - heapBefore) / 1024.0 / options.Nodes:F1} KB per node"));
    }

    /// <summary>
    /// Polls every node but <paramref name="miner"/> until each reports <paramref name="hash"/> as its tip or the
    /// deadline passes, pausing <paramref name="pause"/> between polls; an arrival is the time, in ms, when the poll
    /// that saw it returned (NaN: not within the deadline).
    /// </summary>
    private static async Task<RoundResult> MeasureRoundAsync(
        INodeGrain[] nodes, int miner, Hash256 hash, TimeSpan pause, TimeSpan deadline, bool once)
    {
        var arrivals = Enumerable.Repeat(double.NaN, nodes.Length).ToArray();
        if (miner >= 0) arrivals[miner] = 0;
        var pending = Enumerable.Range(0, nodes.Length).Where(i => i != miner).ToList();
        var clock = Stopwatch.StartNew();
        var polls = 0;
        var calls = 0;
        var polling = TimeSpan.Zero;
        while (pending.Count > 0 && clock.Elapsed < deadline)
        {
            var started = clock.Elapsed;
            var left = deadline - started;
            bool[] seen;
            try
            {
                calls += pending.Count;
                seen = await Task.WhenAll(pending.Select(async i =>
                {
                    var tip = await nodes[i].GetTipAsync();
                    var has = tip.TipHash == hash;
                    if (has) arrivals[i] = clock.Elapsed.TotalMilliseconds;
                    return has;
                })).WaitAsync(left);
            }
            catch (TimeoutException)
            {
                break;
            }

            polls++;
            polling += clock.Elapsed - started;
            if (once) break;
            pending = pending.Where((_, at) => !seen[at]).ToList();
            if (pending.Count > 0 && pause > TimeSpan.Zero) await Task.Delay(pause);
        }

        return new RoundResult(arrivals, polls, calls, polls == 0 ? double.NaN : polling.TotalMilliseconds / polls);
    }

    /// <summary>
    /// A source node mines <paramref name="blocks"/> blocks with nobody following it; then a fresh node takes it as its
    /// only peer and resolves, timed. Each silo shares one in-memory copy of the blocks its nodes accepted and skips
    /// the context-free checks for blocks already in it, so this is measured twice where it can be: a fresh node on
    /// another silo than the source (the blocks are new there) and one on the source's silo.
    /// </summary>
    private static async Task CatchupPhaseAsync(IClusterClient client, NodeSettings settings, int blocks, Budget budget)
    {
        Console.WriteLine();
        const string SourceName = "catchup-source";
        var source = client.GetGrain<INodeGrain>(SourceName);
        await source.CreateAsync(settings);
        var management = client.GetGrain<IManagementGrain>(0);
        var sourceSilo = await management.GetActivationAddress(source);

        // Nobody follows the source while it mines; the fresh nodes take it as a peer only afterwards.
        var clock = Stopwatch.StartNew();
        for (var mined = 0; mined < blocks; mined += CatchupBatch)
        {
            budget.Check($"mining the catch-up chain ({mined} of {blocks} blocks mined)");
            await source.MineAsync(Math.Min(CatchupBatch, blocks - mined)).WaitAsync(budget.Remaining);
        }

        var mining = clock.Elapsed;
        var sourceTip = await source.GetTipAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"catch-up: {SourceName} mined {blocks} blocks in {mining.TotalSeconds:F1} s ({blocks / mining.TotalSeconds:N0} blocks/s, {CatchupBatch} per MineAsync), height {sourceTip.Height}"));

        var cases = new[]
        {
            ("catchup-remote", false, "on another silo than the source: the blocks are new to its silo"),
            ("catchup-local", true, "on the source's silo: the blocks are in the silo's shared store, not checked context-free again"),
        };
        INodeGrain? caughtUp = null;
        foreach (var (prefix, sameSilo, where) in cases)
        {
            budget.Check("starting a catch-up resolve");
            var fresh = await FreshNodeAsync(client, management, settings, prefix, silo => (silo == sourceSilo) == sameSilo);
            if (fresh is null)
            {
                Console.WriteLine($"catch-up: no fresh node landed {where.Split(':')[0]}; skipped");
                continue;
            }

            // Timed from adding the peer: a new link catches up with its peer's tip by itself (the resolve then waits
            // for that download, one sync per node at a time), so adding and resolving is what a user waits for.
            clock.Restart();
            await fresh.AddPeerAsync(SourceName);
            var result = await fresh.ResolveAsync().WaitAsync(budget.Remaining);
            var resolving = clock.Elapsed;
            var freshTip = await fresh.GetTipAsync();
            var errors = result.PeerErrors.IsDefaultOrEmpty ? "none" : string.Join("; ", result.PeerErrors.Select(e => $"{e.Peer}: {e.Error}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"catch-up, fresh node {where}: AddPeerAsync + ResolveAsync took {resolving.TotalSeconds:F2} s (target <= 5 s), " +
                $"{freshTip.Height} blocks ({freshTip.Height / resolving.TotalSeconds:N0} blocks/s; the resolve itself connected {result.Connected}), height {freshTip.Height} of {sourceTip.Height}, " +
                $"{(freshTip.TipHash == sourceTip.TipHash ? "the source's tip" : "NOT the source's tip")}; peer errors: {errors}"));
            caughtUp = fresh;
        }

        if (caughtUp is null) return;
        // Every idle activation goes, the caught-up node's chain grain with them; its next call reactivates it: the
        // tip and mempool from storage, the 10,000-block chain replayed from the block archive.
        clock.Restart();
        await management.ForceActivationCollection(TimeSpan.Zero);
        var collected = clock.Elapsed;
        clock.Restart();
        var status = await caughtUp.GetStatusAsync().WaitAsync(budget.Remaining);
        var reactivated = clock.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reactivation: all idle activations collected in {collected.TotalSeconds:F1} s; the caught-up node answered again in " +
            $"{reactivated.TotalMilliseconds:F0} ms (target <= 2 s) at height {status.Height} (the silo's block tree still holds the chain)"));
    }

    /// <summary>Creates nodes named <paramref name="prefix"/>-0, -1, ... until one is placed on a silo <paramref name="wanted"/> accepts.</summary>
    private static async Task<INodeGrain?> FreshNodeAsync(
        IClusterClient client, IManagementGrain management, NodeSettings settings, string prefix, Func<SiloAddress?, bool> wanted)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var node = client.GetGrain<INodeGrain>($"{prefix}-{attempt}");
            await node.CreateAsync(settings);
            if (wanted(await management.GetActivationAddress(node))) return node;
        }

        return null;
    }

    /// <summary>Runs <paramref name="action"/> for 0..count-1, <see cref="Concurrency"/> at a time, within the budget.</summary>
    private static async Task InChunksAsync(int count, Func<int, Task> action, Budget budget, string what)
    {
        for (var start = 0; start < count; start += Concurrency)
        {
            budget.Check($"{what} ({start} of {count} done)");
            var chunk = Enumerable.Range(start, Math.Min(Concurrency, count - start)).Select(action);
            try
            {
                await Task.WhenAll(chunk).WaitAsync(budget.Remaining);
            }
            catch (TimeoutException e)
            {
                // A grain's own timeout (a peer that did not answer within 10 s) as well as the budget's.
                throw new TimeoutException($"{what} ({start} of {count} done): {e.Message}", e);
            }
        }
    }

    private static string NodeName(int index) => $"net-{index}";

    /// <summary>The nearest-rank percentile: the smallest value with at least <paramref name="fraction"/> of them at or below it.</summary>
    private static double Percentile(IReadOnlyCollection<double> values, double fraction)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    private sealed record RoundResult(double[] Arrivals, int Polls, int Calls, double PollMilliseconds);

    /// <summary>The run's overall time limit; every phase checks what is left before going on.</summary>
    private sealed class Budget(TimeSpan limit)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public TimeSpan Remaining => limit - _clock.Elapsed > TimeSpan.Zero ? limit - _clock.Elapsed : TimeSpan.Zero;

        public void Check(string doing)
        {
            if (Remaining == TimeSpan.Zero)
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"the {limit.TotalSeconds:0} s budget ran out while {doing}"));
        }
    }
}
