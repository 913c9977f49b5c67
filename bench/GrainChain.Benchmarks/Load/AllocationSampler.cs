using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace GrainChain.Benchmarks.Load;

/// <summary>
/// Samples what this process allocates through the runtime's AllocationTick events (one per ~100 KB allocated, naming
/// the type that crossed the mark), so the types behind a bytes-per-call figure can be listed without a profiler.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();
    private volatile bool _enabled;

    public void Start() => _enabled = true;

    public void Stop() => _enabled = false;

    /// <summary>The most allocated types, largest first, with their share of the sampled bytes.</summary>
    public IEnumerable<(string Type, double Share)> Top(int count)
    {
        double total = Math.Max(1, _bytesByType.Values.Sum());
        return _bytesByType.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, p.Value / total));
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs data)
    {
        if (!_enabled || data.EventName is not "GCAllocationTick_V4" and not "GCAllocationTick_V3" || data.Payload is null)
        {
            return;
        }
        int typeIndex = data.PayloadNames!.IndexOf("TypeName");
        int amountIndex = data.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0)
        {
            return;
        }
        long amount = amountIndex >= 0 ? Convert.ToInt64(data.Payload[amountIndex]) : 100_000;
        _bytesByType.AddOrUpdate((string)data.Payload[typeIndex]!, amount, (_, sum) => sum + amount);
    }
}
