using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace GrainChain.Benchmarks.Network;

/// <summary>
/// Counts, from Orleans' own metrics in this process (every silo and the client), how much traffic a phase causes:
/// announcements read from the stream queues, deliveries of them to subscribers, and messages sent between silos
/// (and the client) and within a silo.
/// </summary>
public sealed class OrleansTraffic : IDisposable
{
    private const string MeterName = "Microsoft.Orleans";
    private const string StreamReads = "orleans-streams-persistent-stream-messages-read";
    private const string StreamDeliveries = "orleans-streams-persistent-stream-messages-sent";
    private const string RemoteMessages = "orleans-messaging-sent-messages-size";
    private const string LocalMessages = "orleans-messaging-sent-local";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    /// <summary>The latest value of each cumulative observable instrument (one per silo), summed when read.</summary>
    private readonly ConcurrentDictionary<Instrument, long> _observed = new();

    public OrleansTraffic()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name is StreamReads or StreamDeliveries or RemoteMessages or LocalMessages)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Record(instrument, value));
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument, value));
        _listener.Start();
    }

    /// <summary>The totals so far: announcements read from the queues, deliveries to subscribers, messages between and within silos.</summary>
    public (long Reads, long Deliveries, long Remote, long Local) Snapshot()
    {
        _listener.RecordObservableInstruments();
        var local = _observed.Where(o => o.Key.Name == LocalMessages).Sum(o => o.Value);
        return (Total(StreamReads), Total(StreamDeliveries), Total(RemoteMessages), local);
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value)
    {
        switch (instrument.Name)
        {
            case LocalMessages:
                _observed[instrument] = value;
                break;
            case RemoteMessages:
                // A histogram of message sizes: each measurement is one message.
                _totals.AddOrUpdate(instrument.Name, 1, (_, n) => n + 1);
                break;
            default:
                _totals.AddOrUpdate(instrument.Name, value, (_, n) => n + value);
                break;
        }
    }

    private long Total(string name) => _totals.TryGetValue(name, out var n) ? n : 0;
}
