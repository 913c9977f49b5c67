using System.Diagnostics;
using GrainChain.Benchmarks.Cluster;

namespace GrainChain.Benchmarks.Load;

/// <summary>
/// <c>load cross-silo</c>: without <c>--rate</c>, the closed-loop maximum (a window of callers) cross-silo and local;
/// with <c>--rate N</c>, an open-loop run at N calls/s from silo A to grains on silo B, printing the latency
/// percentiles measured from each call's scheduled start (so a stalled driver or queueing counts against the figure).
/// </summary>
internal static class CrossSiloLoad
{
    public static async Task RunAsync(LoadArguments options)
    {
        int grains = options.Int("grains", 100);
        double seconds = options.Double("seconds", 10);
        double warmup = options.Double("warmup", 3);
        await using var cluster = await TwoSiloCluster.StartAsync(grains);
        if (!options.Has("rate"))
        {
            int window = options.Int("window", 1000);
            await MeasureMaxAsync("warm-up cross-silo", cluster.Remote, window, warmup);
            if (options.Has("allocations"))
            {
                using var sampler = new AllocationSampler();
                sampler.Start();
                await MeasureMaxAsync("cross-silo (sampled)", cluster.Remote, window, seconds);
                sampler.Stop();
                foreach (var (type, share) in sampler.Top(25))
                {
                    Console.WriteLine($"  {share,6:P1}  {type}");
                }
                return;
            }
            await MeasureMaxAsync("local (silo B)", cluster.Local, window, seconds);
            await MeasureMaxAsync("cross-silo (A->B)", cluster.Remote, window, seconds);
            await MeasureMaxAsync("local (silo B)", cluster.Local, window, seconds);
            await MeasureMaxAsync("cross-silo (A->B)", cluster.Remote, window, seconds);
            return;
        }
        double rate = options.Double("rate", 100_000);
        long tick = options.Int("tick-us", 250);
        await RunOpenLoopAsync(cluster.Remote, rate, warmup, tick, record: false);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        long workItems = ThreadPool.CompletedWorkItemCount;
        var gcPause = GC.GetTotalPauseDuration();
        using var openLoopSampler = options.Has("allocations") ? new AllocationSampler() : null;
        openLoopSampler?.Start();
        long allocated = GC.GetTotalAllocatedBytes();
        var (fromSchedule, fromSend, timeline, completed, failed, elapsed) = await RunOpenLoopAsync(cluster.Remote, rate, seconds, tick, record: true);
        allocated = GC.GetTotalAllocatedBytes() - allocated;
        openLoopSampler?.Stop();
        Console.WriteLine($"open loop cross-silo: target {rate:N0} calls/s for {seconds:N0} s, driver tick {tick} µs; achieved {completed / elapsed:N0} calls/s, {failed} failed");
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"process CPU {cpu.TotalSeconds / elapsed:P0} of one core ({cpu.TotalMicroseconds / Math.Max(1, completed):N1} µs per call); " +
            $"{allocated / (double)Math.Max(1, completed):N0} B allocated per call; " +
            $"GCs gen0 {GC.CollectionCount(0) - gen0} gen1 {GC.CollectionCount(1) - gen1} gen2 {GC.CollectionCount(2) - gen2} " +
            $"(paused {(GC.GetTotalPauseDuration() - gcPause).TotalMilliseconds:N1} ms); " +
            $"{(ThreadPool.CompletedWorkItemCount - workItems) / (double)Math.Max(1, completed):N2} thread-pool work items per call, {ThreadPool.ThreadCount} pool threads");
        Print("latency from scheduled start", fromSchedule);
        Print("latency from actual send    ", fromSend);
        if (openLoopSampler is not null)
        {
            foreach (var (type, share) in openLoopSampler.Top(25))
            {
                Console.WriteLine($"  {share,6:P1}  {type}");
            }
        }
        Console.WriteLine($"calls over {timeline.ThresholdMicroseconds / 1000.0:N0} ms from scheduled start: {timeline.TotalSlow:N0}; the worst 100 ms windows:");
        foreach (var (offset, calls, slow) in timeline.Worst(options.Int("worst-windows", 5)))
        {
            Console.WriteLine($"  at {offset / 1000.0,5:N1} s: {slow,7:N0} of {calls:N0} calls");
        }
    }

    private static async Task MeasureMaxAsync(string label, IRemotePingGrain[] grains, int window, double seconds)
    {
        long calls = 0;
        var stopwatch = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        var callers = new Task[window];
        for (int c = 0; c < window; c++)
        {
            var grain = grains[c % grains.Length];
            callers[c] = Task.Run(async () =>
            {
                long mine = 0;
                while (stopwatch.Elapsed < deadline)
                {
                    for (int i = 0; i < 64; i++)
                    {
                        await grain.PingAsync(i).ConfigureAwait(false);
                    }
                    mine += 64;
                }
                Interlocked.Add(ref calls, mine);
            });
        }
        long gen0 = GC.CollectionCount(0);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long allocated = GC.GetTotalAllocatedBytes();
        await Task.WhenAll(callers);
        double elapsed = stopwatch.Elapsed.TotalSeconds;
        long bytes = GC.GetTotalAllocatedBytes() - allocated;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"{label,-20} window {window}: {calls / elapsed,12:N0} calls/s  {bytes / (double)Math.Max(1, calls),6:N0} B/call  " +
            $"{cpu.TotalMicroseconds / Math.Max(1, calls),5:N2} µs CPU/call (both silos)  gen0 GCs {GC.CollectionCount(0) - gen0}");
    }

    private static async Task<(LatencyHistogram FromSchedule, LatencyHistogram FromSend, SlowCallTimeline Timeline, long Completed, long Failed, double Elapsed)> RunOpenLoopAsync(
        IRemotePingGrain[] grains, double rate, double seconds, long tickMicroseconds, bool record)
    {
        long start = Stopwatch.GetTimestamp();
        var timeline = new SlowCallTimeline(start, seconds, thresholdMicroseconds: 2000);
        var run = new OpenLoopRun(record, timeline);
        long totalCalls = (long)(rate * seconds);
        double ticksPerCall = Stopwatch.Frequency / rate;
        var driver = new Thread(() =>
        {
            PreciseSleep.PrepareCurrentThread();
            long issued = 0;
            int next = 0;
            while (issued < totalCalls)
            {
                // Every call whose intended time has come goes now, stamped with that time, never earlier: a late
                // wake-up of this thread counts against the latency instead of hiding it.
                long elapsed = Stopwatch.GetTimestamp() - start;
                long due = Math.Min(totalCalls, (long)(elapsed / ticksPerCall) + 1);
                for (; issued < due; issued++)
                {
                    run.Rent().Start(grains[next], start + (long)(issued * ticksPerCall));
                    next = next + 1 == grains.Length ? 0 : next + 1;
                }
                if (issued < totalCalls)
                {
                    PreciseSleep.Sleep(tickMicroseconds);
                }
            }
            run.Release();
        })
        { IsBackground = true, Name = "open-loop driver" };
        driver.Start();
        await run.AllDone.Task.WaitAsync(TimeSpan.FromSeconds(seconds + 60));
        double elapsedSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (run.FromSchedule, run.FromSend, timeline, run.CompletedCount, run.FailedCount, elapsedSeconds);
    }

    private static void Print(string label, LatencyHistogram histogram) =>
        Console.WriteLine($"{label}: p50 {Ms(histogram.Percentile(0.50))}  p90 {Ms(histogram.Percentile(0.90))}  p99 {Ms(histogram.Percentile(0.99))}  " +
            $"p99.9 {Ms(histogram.Percentile(0.999))}  max {Ms(histogram.MaxMicroseconds)}  ({histogram.Count:N0} calls)");

    private static string Ms(long microseconds) => $"{microseconds / 1000.0:N3} ms";
}
