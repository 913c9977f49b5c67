using System.Diagnostics;
using Orleans;

namespace GrainChain.Benchmarks.Storage;

/// <summary>Counts of operation latencies in logarithmic buckets (four per doubling, so within 19%), mergeable
/// across grains; small enough to return from a grain call.</summary>
[GenerateSerializer]
public sealed class LatencyHistogram
{
    private const int BucketsPerDoubling = 4;

    [Id(0)] public long[] Buckets { get; set; } = new long[40 * BucketsPerDoubling];

    public long Count => Buckets.Sum();

    /// <summary>Records one operation that took from <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp) to now.</summary>
    public void RecordSince(long startTimestamp)
    {
        var microseconds = Math.Max(1.0, Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds);
        var bucket = (int)(Math.Log2(microseconds) * BucketsPerDoubling);
        Buckets[Math.Min(bucket, Buckets.Length - 1)]++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < Buckets.Length; i++) Buckets[i] += other.Buckets[i];
    }

    /// <summary>The latency below which a <paramref name="fraction"/> of operations finished (a bucket's upper bound).</summary>
    public TimeSpan Percentile(double fraction)
    {
        var target = (long)Math.Ceiling(Count * fraction);
        long seen = 0;
        for (var i = 0; i < Buckets.Length; i++)
        {
            seen += Buckets[i];
            if (seen >= target && seen > 0) return TimeSpan.FromMicroseconds(Math.Pow(2, (i + 1.0) / BucketsPerDoubling));
        }

        return TimeSpan.Zero;
    }
}
