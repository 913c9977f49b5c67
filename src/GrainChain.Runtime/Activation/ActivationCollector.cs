namespace GrainChain.Runtime.Activation;

/// <summary>
/// Every collection quantum, deactivates activations that have been idle for the collection age. Driven by the
/// runtime's TimeProvider, so tests move a manual clock instead of sleeping.
/// </summary>
internal sealed class ActivationCollector : IDisposable
{
    private readonly Catalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _collectionAge;
    private readonly ITimer _timer;

    public ActivationCollector(Catalog catalog, TimeProvider timeProvider, TimeSpan collectionQuantum, TimeSpan collectionAge)
    {
        _catalog = catalog;
        _timeProvider = timeProvider;
        _collectionAge = collectionAge;
        _timer = timeProvider.CreateTimer(static s => ((ActivationCollector)s!).Collect(), this, collectionQuantum, collectionQuantum);
    }

    /// <summary>Starts deactivation of every idle activation and returns how many it found.</summary>
    public int Collect()
    {
        var now = _timeProvider.GetUtcNow();
        int collected = 0;
        foreach (var activation in _catalog.Activations)
        {
            if (activation.CollectIfIdle(now, _collectionAge))
            {
                collected++;
            }
        }
        return collected;
    }

    public void Dispose() => _timer.Dispose();
}
