using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using GrainChain.Benchmarks.Storage;
using GrainChain.Hosting.Blocks;

namespace GrainChain.Benchmarks.Blocks;

/// <summary>
/// The <c>blocks</c> load program: on each archive, a fresh store per backend, it puts <c>--blocks</c> blocks of about
/// <c>--size</c> bytes one per put from one caller, then as many in puts of 100, then one per put from
/// <c>--writers</c> concurrent callers (as many nodes storing blocks at once), then the batches of 100 again (every
/// block stored already), and reads the ancestry of the first chain: once on fresh connections, as a reactivating node
/// on a restarted silo would, then <c>--reads</c> times more. Every chain links up to genesis. A short warm-up
/// (connections, statements, code) is not counted.
/// </summary>
public static class BlocksLoad
{
    public static int Run(string[] args)
    {
        BlocksLoadOptions options;
        try
        {
            options = BlocksLoadOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        return RunAsync(options).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(BlocksLoadOptions options)
    {
        Console.WriteLine($"blocks load: {options.Blocks:N0} blocks of {options.Size} bytes per phase, {options.Writers} concurrent writers, " +
                          $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var rows = new List<string>();
        foreach (var name in options.Backends)
        {
            await using var backend = await BlocksLoadBackend.CreateAsync(name);
            if (backend is null) continue;
            Console.WriteLine($"{name}: {backend.Description}");
            rows.AddRange(await MeasureAsync(backend, options));
        }

        Console.WriteLine();
        Console.WriteLine($"{"store",-10}{"phase",-34}{"blocks/s",10}{"p50 ms",9}{"p99 ms",9}");
        foreach (var row in rows) Console.WriteLine(row);
        Console.WriteLine("p50/p99: latency of one put as its caller sees it (bucketed, within 19%); for the ancestry: min and max of the reads.");
        return 0;
    }

    private static async Task<List<string>> MeasureAsync(BlocksLoadBackend backend, BlocksLoadOptions options)
    {
        var archive = backend.Archive;
        var rows = new List<string>();
        var warmUp = Chain("warm-up", 200, options.Size);
        foreach (var batch in warmUp.Chunk(10)) await archive.PutAsync(batch);
        foreach (var block in warmUp.Take(20)) await archive.PutAsync([block]);
        await archive.GetAncestryAsync(warmUp[^1].Hash, warmUp.Count);

        var single = Chain("single", options.Blocks, options.Size);
        var hundreds = Chain("hundreds", options.Blocks, options.Size);
        var shared = Chain("concurrent", options.Blocks, options.Size);

        rows.Add(Row(backend.Name, "put, 1 block per put", await PutAsync(archive, [single.Select(b => new[] { b }).ToArray()])));
        rows.Add(Row(backend.Name, "put, 100 blocks per put", await PutAsync(archive, [hundreds.Chunk(100).ToArray()])));
        var perWriter = Enumerable.Range(0, options.Writers)
            .Select(w => shared.Where((_, i) => i % options.Writers == w).Select(b => new[] { b }).ToArray())
            .ToArray();
        rows.Add(Row(backend.Name, $"put, 1 per put, {options.Writers} writers", await PutAsync(archive, perWriter)));
        rows.Add(Row(backend.Name, "put again (all stored), 100 per put", await PutAsync(archive, [hundreds.Chunk(100).ToArray()])));

        var tip = single[^1].Hash;
        backend.ClearPools();
        var first = await AncestryAsync(archive, tip, single);
        var times = new List<TimeSpan>();
        for (var i = 0; i < options.Reads; i++) times.Add(await AncestryAsync(archive, tip, single));
        times.Sort();
        rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"{backend.Name,-10}{$"ancestry of {options.Blocks:N0}, fresh connection",-34}{options.Blocks / first.TotalSeconds,10:N0}{Ms(first),9}{"",9}"));
        rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"{backend.Name,-10}{$"ancestry of {options.Blocks:N0}, {options.Reads} reads",-34}{options.Blocks / times[times.Count / 2].TotalSeconds,10:N0}{Ms(times[0]),9}{Ms(times[^1]),9}"));
        foreach (var row in rows[^6..]) Console.WriteLine(row);
        return rows;
    }

    /// <summary>Each caller stores its puts one after the other, all callers at once; the rate divides every block by
    /// the time until the last caller finished.</summary>
    private static async Task<(double PerSecond, LatencyHistogram Latency)> PutAsync(IBlockArchive archive, ArchivedBlock[][][] callers)
    {
        var clock = Stopwatch.StartNew();
        var histograms = await Task.WhenAll(callers.Select(puts => Task.Run(async () =>
        {
            var latency = new LatencyHistogram();
            foreach (var put in puts)
            {
                var start = Stopwatch.GetTimestamp();
                await archive.PutAsync(put);
                latency.RecordSince(start);
            }

            return latency;
        })));
        var elapsed = clock.Elapsed;
        var all = new LatencyHistogram();
        foreach (var h in histograms) all.Add(h);
        return (callers.Sum(puts => puts.Sum(p => p.Length)) / elapsed.TotalSeconds, all);
    }

    private static async Task<TimeSpan> AncestryAsync(IBlockArchive archive, byte[] tip, List<ArchivedBlock> chain)
    {
        var start = Stopwatch.GetTimestamp();
        var ancestry = await archive.GetAncestryAsync(tip, chain.Count);
        var elapsed = Stopwatch.GetElapsedTime(start);
        if (ancestry.Count != chain.Count || !ancestry[0].Equals(chain[^1]) || !ancestry[^1].Equals(chain[0]))
            throw new InvalidOperationException($"the ancestry has {ancestry.Count} blocks, not the {chain.Count} of the chain stored");
        return elapsed;
    }

    /// <summary>A chain from genesis of blocks of <paramref name="size"/> bytes: the parent's hash, then random bytes.</summary>
    private static List<ArchivedBlock> Chain(string label, int count, int size)
    {
        var random = new Random(HashCode.Combine(label.Length, label[0], count));
        var chain = new List<ArchivedBlock>(count);
        var previous = new byte[ArchivedBlock.HashSize];
        for (var i = 0; i < count; i++)
        {
            var bytes = new byte[Math.Max(size, ArchivedBlock.HashSize + 8)];
            previous.CopyTo(bytes, 0);
            random.NextBytes(bytes.AsSpan(ArchivedBlock.HashSize));
            var block = new ArchivedBlock(SHA256.HashData(bytes), previous, bytes);
            chain.Add(block);
            previous = block.Hash;
        }

        return chain;
    }

    private static string Row(string backend, string phase, (double PerSecond, LatencyHistogram Latency) result) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{backend,-10}{phase,-34}{result.PerSecond,10:N0}{Ms(result.Latency.Percentile(0.50)),9}{Ms(result.Latency.Percentile(0.99)),9}");

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture);
}
