using System.Diagnostics.Metrics;
using GrainChain.Runtime.Activation;

namespace GrainChain.Runtime.Diagnostics;

/// <summary>
/// The runtime's instruments on the meter "GrainChain.Runtime": calls, failed and timed-out calls, activations
/// created/removed/failed, and gauges of live activations and queued requests.
/// </summary>
internal sealed class RuntimeMetrics : IDisposable
{
    public const string MeterName = "GrainChain.Runtime";

    private readonly bool _ownsMeter;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _failedCalls;
    private readonly Counter<long> _timedOutCalls;
    private readonly Counter<long> _activationsCreated;
    private readonly Counter<long> _activationsRemoved;
    private readonly Counter<long> _activationsFailed;
    private Catalog? _catalog;

    public RuntimeMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _calls = Meter.CreateCounter<long>("grainchain.calls", "{call}", "Grain calls sent.");
        _failedCalls = Meter.CreateCounter<long>("grainchain.calls.failed", "{call}", "Grain calls that ended with an exception.");
        _timedOutCalls = Meter.CreateCounter<long>("grainchain.calls.timed_out", "{call}", "Grain calls that got no response in time.");
        _activationsCreated = Meter.CreateCounter<long>("grainchain.activations.created", "{activation}", "Activations created.");
        _activationsRemoved = Meter.CreateCounter<long>("grainchain.activations.removed", "{activation}", "Activations deactivated or failed.");
        _activationsFailed = Meter.CreateCounter<long>("grainchain.activations.failed", "{activation}", "Activations whose OnActivateAsync or state load failed.");
        Meter.CreateObservableGauge("grainchain.activations.active", () => (long)(_catalog?.Count ?? 0), "{activation}", "Live activations.");
        Meter.CreateObservableGauge("grainchain.requests.queued", ObserveQueueLength, "{request}", "Requests waiting in activation queues.");
    }

    public Meter Meter { get; }

    public void ObserveCatalog(Catalog catalog) => _catalog = catalog;

    public void CallSent() => _calls.Add(1);

    public void CallFailed() => _failedCalls.Add(1);

    public void CallTimedOut()
    {
        _timedOutCalls.Add(1);
        _failedCalls.Add(1);
    }

    public void ActivationCreated() => _activationsCreated.Add(1);

    public void ActivationRemoved() => _activationsRemoved.Add(1);

    public void ActivationFailed() => _activationsFailed.Add(1);

    private long ObserveQueueLength()
    {
        long total = 0;
        if (_catalog is { } catalog)
        {
            foreach (var activation in catalog.Activations)
            {
                total += activation.QueueLength;
            }
        }
        return total;
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
