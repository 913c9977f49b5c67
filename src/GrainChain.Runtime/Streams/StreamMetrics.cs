using System.Diagnostics.Metrics;

namespace GrainChain.Runtime.Streams;

/// <summary>
/// The stream instruments on the meter "GrainChain.Streams", tagged with the provider name: events published,
/// delivered to an observer, failed delivery attempts, dropped (after retries or for a full queue), and events of the
/// wrong type for their subscriber.
/// </summary>
internal sealed class StreamMetrics : IDisposable
{
    public const string MeterName = "GrainChain.Streams";

    private readonly bool _ownsMeter;
    private readonly Counter<long> _published;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _mismatched;

    public StreamMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _published = Meter.CreateCounter<long>("grainchain.streams.events.published", "{event}", "Events published to streams.");
        _delivered = Meter.CreateCounter<long>("grainchain.streams.events.delivered", "{event}", "Events handed to a subscriber's observer.");
        _failed = Meter.CreateCounter<long>("grainchain.streams.deliveries.failed", "{attempt}", "Delivery attempts that failed and will be retried or dropped.");
        _dropped = Meter.CreateCounter<long>("grainchain.streams.events.dropped", "{event}", "Events given up for one subscriber (retries exhausted or queue full).");
        _mismatched = Meter.CreateCounter<long>("grainchain.streams.events.type_mismatch", "{event}", "Events skipped because the subscriber expects another type.");
    }

    public Meter Meter { get; }

    public void Published(string provider, long count) => _published.Add(count, Tag(provider));

    public void Delivered(string provider, long count) => _delivered.Add(count, Tag(provider));

    public void DeliveryFailed(string provider) => _failed.Add(1, Tag(provider));

    public void Dropped(string provider, long count) => _dropped.Add(count, Tag(provider));

    public void TypeMismatch(string provider) => _mismatched.Add(1, Tag(provider));

    private static KeyValuePair<string, object?> Tag(string provider) => new("provider", provider);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
