using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GrainChain.Runtime.Streams;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Streams;

/// <summary>Adds up the stream counters of one silo (only its own meter instance, so parallel tests do not mix).</summary>
public sealed class StreamMetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public StreamMetricsRecorder(TestCluster cluster)
    {
        var meter = cluster.ServiceProvider.GetRequiredService<StreamMetrics>().Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        _listener.Start();
    }

    public long this[string name] => _totals.TryGetValue(name, out var total) ? total : 0;

    public void Dispose() => _listener.Dispose();
}
