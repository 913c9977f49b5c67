using System.Collections.Concurrent;

namespace GrainChain.Runtime.Activation;

/// <summary>The activations of this silo by grain id; creates one on the first call to a grain.</summary>
internal sealed class Catalog(GrainRuntime runtime)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private volatile CatalogStatus _status;

    private enum CatalogStatus { NotStarted, Running, Stopping }

    public int Count => _activations.Count;

    public IEnumerable<ActivationData> Activations => _activations.Select(static pair => pair.Value);

    public void Start() => _status = CatalogStatus.Running;

    public ActivationData GetOrCreateActivation(GrainId grainId)
    {
        if (_activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }
        switch (_status)
        {
            case CatalogStatus.NotStarted:
                throw new InvalidOperationException($"The silo has not started, so grain {grainId} cannot be activated yet.");
            case CatalogStatus.Stopping when runtime.ActivationDirectory is not null:
                // In a cluster the call has not run, so its caller may send it to the grain's next silo.
                throw new Cluster.RetryElsewhereException($"The silo is shutting down, so grain {grainId} cannot be activated here.");
            case CatalogStatus.Stopping:
                throw new InvalidOperationException($"The silo is shutting down, so grain {grainId} cannot be activated.");
        }
        if (!runtime.Types.TryGetClass(grainId.Type, out var grainClass))
        {
            throw new InvalidOperationException(
                $"Grain type '{grainId.Type}' of grain {grainId} is not known to this silo: no grain class with that grain type is registered.");
        }
        var created = new ActivationData(grainId, grainClass, runtime);
        var winner = _activations.GetOrAdd(grainId, created);
        if (ReferenceEquals(winner, created))
        {
            runtime.Metrics.ActivationCreated();
        }
        return winner;
    }

    public bool TryGet(GrainId grainId, out ActivationData activation) => _activations.TryGetValue(grainId, out activation!);

    public void Remove(ActivationData activation)
    {
        if (_activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation)))
        {
            runtime.Metrics.ActivationRemoved();
        }
    }

    /// <summary>Refuses new activations and drops every activation at once, failing what waits in them.</summary>
    public void Abandon(Exception reason)
    {
        _status = CatalogStatus.Stopping;
        foreach (var activation in _activations.Values.ToArray())
        {
            activation.Abandon(reason);
        }
        _activations.Clear();
    }

    /// <summary>
    /// Refuses new activations and deactivates every activation (OnDeactivateAsync runs), waiting for all of them.
    /// An activation stuck in a request longer than <paramref name="patience"/> is left behind, so shutdown ends.
    /// </summary>
    public async Task<int> DeactivateAllAsync(DeactivationReason reason, TimeSpan patience, CancellationToken cancellationToken)
    {
        _status = CatalogStatus.Stopping;
        while (!_activations.IsEmpty)
        {
            var activations = _activations.Values.ToArray();
            foreach (var activation in activations)
            {
                activation.Deactivate(reason);
            }
            try
            {
                await Task.WhenAll(activations.Select(a => a.Deactivated)).WaitAsync(patience, runtime.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return _activations.Count;
            }
        }
        return 0;
    }
}
