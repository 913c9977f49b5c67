using System.Diagnostics;

namespace GrainChain.Benchmarks.Load;

/// <summary>
/// Counts, per 100 ms of the run (by each call's intended start), the calls and those slower than a threshold, so a
/// tail latency can be told apart as one stall (a GC, a descheduled process) or a steady share of slow calls.
/// </summary>
internal sealed class SlowCallTimeline(long start, double seconds, long thresholdMicroseconds)
{
    private const int WindowMilliseconds = 100;
    private readonly long _ticksPerWindow = Stopwatch.Frequency * WindowMilliseconds / 1000;
    private readonly long[] _calls = new long[(int)Math.Ceiling(seconds * 1000 / WindowMilliseconds) + 1];
    private readonly long[] _slow = new long[(int)Math.Ceiling(seconds * 1000 / WindowMilliseconds) + 1];

    public long ThresholdMicroseconds => thresholdMicroseconds;

    public void Record(long scheduled, long latencyMicroseconds)
    {
        long window = (scheduled - start) / _ticksPerWindow;
        if (window < 0 || window >= _calls.Length)
        {
            return;
        }
        Interlocked.Increment(ref _calls[window]);
        if (latencyMicroseconds > thresholdMicroseconds)
        {
            Interlocked.Increment(ref _slow[window]);
        }
    }

    /// <summary>The windows holding the most slow calls, worst first, as (offset in ms, calls, slow calls).</summary>
    public IEnumerable<(long OffsetMilliseconds, long Calls, long Slow)> Worst(int count) =>
        Enumerable.Range(0, _calls.Length)
            .Where(i => _slow[i] > 0)
            .OrderByDescending(i => _slow[i])
            .Take(count)
            .Select(i => ((long)i * WindowMilliseconds, _calls[i], _slow[i]));

    /// <summary>All slow calls of the run.</summary>
    public long TotalSlow => _slow.Sum();
}
