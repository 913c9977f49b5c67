using System.Numerics;

namespace GrainChain.Benchmarks.Load;

/// <summary>
/// A log-linear latency histogram in microseconds (HDR style): exact below 128 µs, then 64 buckets per power of two
/// (under 1.6% error), so millions of samples take a fixed few kilobytes and recording is one interlocked increment.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBuckets = 64;
    private const int LinearLimit = 2 * SubBuckets;
    private readonly long[] _counts = new long[LinearLimit + 58 * SubBuckets];
    private long _total;
    private long _max;

    public long Count => Volatile.Read(ref _total);

    public long MaxMicroseconds => Volatile.Read(ref _max);

    /// <summary>Records one sample; safe from any thread.</summary>
    public void Record(long microseconds)
    {
        if (microseconds < 0)
        {
            microseconds = 0;
        }
        Interlocked.Increment(ref _counts[IndexOf(microseconds)]);
        Interlocked.Increment(ref _total);
        long max;
        while (microseconds > (max = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, microseconds, max) != max)
        {
        }
    }

    /// <summary>The smallest recorded bucket's upper bound below which <paramref name="quantile"/> of the samples fall.</summary>
    public long Percentile(double quantile)
    {
        long total = Count;
        if (total == 0)
        {
            return 0;
        }
        long rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(UpperBoundOf(i), MaxMicroseconds);
            }
        }
        return MaxMicroseconds;
    }

    internal static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }
        // Keep the top 7 significant bits: the shift picks the power of two, the kept bits the bucket within it.
        int shift = 63 - BitOperations.LeadingZeroCount((ulong)value) - 6;
        return ((shift + 1) * SubBuckets) + (int)(value >> shift) - SubBuckets;
    }

    internal static long UpperBoundOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }
        int shift = (index / SubBuckets) - 1;
        long sub = (index % SubBuckets) + SubBuckets;
        return ((sub + 1) << shift) - 1;
    }
}
