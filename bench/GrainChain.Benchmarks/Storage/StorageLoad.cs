using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

namespace GrainChain.Benchmarks.Storage;

/// <summary>
/// The <c>storage</c> load program: on a single in-process silo, <c>--grains</c> grains each write their state in a
/// loop for <c>--seconds</c>, then each read it back from storage in a loop for as long; it prints state writes/s and
/// reads/s per store, side by side. A one-second write phase before the measurement activates the grains and warms
/// up connections and code; it is not counted.
/// </summary>
public static class StorageLoad
{
    public const string StorageName = "load";

    public static int Run(IReadOnlyList<string> args)
    {
        StorageLoadOptions options;
        try
        {
            options = StorageLoadOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        return RunAsync(options).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(StorageLoadOptions options)
    {
        Console.WriteLine($"storage load: {options.Grains} grains, {options.Seconds} s writing then {options.Seconds} s reading, " +
                          $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var results = new List<StorageLoadResult>();
        foreach (var name in options.Backends)
        {
            await using var backend = await StorageLoadBackend.CreateAsync(name);
            if (backend is null) continue;
            Console.WriteLine($"{name}: {backend.Description}");
            var result = await MeasureAsync(backend, options);
            Console.WriteLine($"{name}: {result.Writes.PerSecond:N0} writes/s, {result.Reads.PerSecond:N0} reads/s");
            results.Add(result);
        }

        Console.WriteLine();
        Console.WriteLine($"{"store",-16}{"writes/s",10}{"p50",9}{"p99",9}{"reads/s",10}{"p50",9}{"p99",9}");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Backend,-16}{r.Writes.PerSecond,10:N0}{Ms(r.Writes.P50),9}{Ms(r.Writes.P99),9}{r.Reads.PerSecond,10:N0}{Ms(r.Reads.P50),9}{Ms(r.Reads.P99),9}"));
        }

        Console.WriteLine("p50/p99: latency of one write or read as the grain sees it, in ms (bucketed, within 19%).");
        return 0;

        static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture);
    }

    private static async Task<StorageLoadResult> MeasureAsync(StorageLoadBackend backend, StorageLoadOptions options)
    {
        using var host = BuildSilo(backend, options);
        await host.StartAsync();
        try
        {
            var factory = host.Services.GetRequiredService<IGrainFactory>();
            var grains = Enumerable.Range(0, options.Grains).Select(i => factory.GetGrain<IStorageLoadGrain>(i)).ToArray();

            await PhaseAsync(grains, (g, until) => g.WriteUntil(until), TimeSpan.FromSeconds(1));
            var writes = await PhaseAsync(grains, (g, until) => g.WriteUntil(until), TimeSpan.FromSeconds(options.Seconds));
            var reads = await PhaseAsync(grains, (g, until) => g.ReadUntil(until), TimeSpan.FromSeconds(options.Seconds));
            return new StorageLoadResult(backend.Name, writes, reads);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Every grain runs <paramref name="operation"/> until one shared deadline; the rate divides by the time
    /// until the last grain returned.</summary>
    private static async Task<PhaseResult> PhaseAsync(
        IStorageLoadGrain[] grains, Func<IStorageLoadGrain, DateTime, Task<LatencyHistogram>> operation, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var until = DateTime.UtcNow + duration;
        var histograms = await Task.WhenAll(grains.Select(g => operation(g, until)));
        var elapsed = clock.Elapsed;
        var all = new LatencyHistogram();
        foreach (var h in histograms) all.Add(h);
        return new PhaseResult(all.Count, all.Count / elapsed.TotalSeconds, all.Percentile(0.50), all.Percentile(0.99));
    }

    private static IHost BuildSilo(StorageLoadBackend backend, StorageLoadOptions options)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            var ports = FreePorts(2);
            silo.UseLocalhostClustering(ports[0], ports[1]);
            // A grain's loop is one call that lasts the whole phase.
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(options.Seconds + 120));
            backend.Configure(silo);
        });
        return builder.Build();
    }

    /// <summary>Distinct free loopback ports, held open together while chosen.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}
