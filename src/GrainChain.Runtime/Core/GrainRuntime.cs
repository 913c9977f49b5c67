using GrainChain.Runtime.Activation;
using GrainChain.Runtime.Diagnostics;
using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Metadata;
using GrainChain.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime;

/// <summary>
/// The silo's runtime: the parts a call passes through (copier, timeouts, router, catalog) wired together once.
/// Sending a call is: copy mutable arguments, track the timeout, hand the request to the router.
/// </summary>
internal sealed class GrainRuntime : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _siloCallTimeout;
    private readonly TimeSpan _clientCallTimeout;
    private ActivationCollector? _collector;

    public GrainRuntime(
        IServiceProvider services,
        GrainTypeDirectory types,
        IOptions<SiloOptions> siloOptions,
        IOptions<ClientOptions> clientOptions,
        IOptions<GrainCollectionOptions> collectionOptions,
        TimeProvider timeProvider,
        RuntimeMetrics metrics,
        ILogger<GrainRuntime> logger)
    {
        Services = services;
        Types = types;
        SiloOptions = siloOptions.Value;
        CollectionOptions = collectionOptions.Value;
        TimeProvider = timeProvider;
        Metrics = metrics;
        Logger = logger;
        _siloCallTimeout = Positive(SiloOptions.ResponseTimeout, nameof(SiloOptions.ResponseTimeout));
        _clientCallTimeout = Positive(clientOptions.Value.ResponseTimeout, nameof(ClientOptions.ResponseTimeout));
        Identity = SiloOptions.SiloName;
        Copier = new ArgumentCopier(services.GetService<IGrainSerializer>());
        Catalog = new Catalog(this);
        LocalRouter = new LocalGrainCallRouter(Catalog);
        Router = LocalRouter;
        Timeouts = new CallTimeoutTracker(timeProvider, _siloCallTimeout < _clientCallTimeout ? _siloCallTimeout : _clientCallTimeout);
        GrainFactory = new GrainFactory(this);
        metrics.ObserveCatalog(Catalog);
    }

    public IServiceProvider Services { get; }

    public GrainTypeDirectory Types { get; }

    public SiloOptions SiloOptions { get; }

    public GrainCollectionOptions CollectionOptions { get; }

    public TimeProvider TimeProvider { get; }

    public RuntimeMetrics Metrics { get; }

    public ILogger Logger { get; }

    public ArgumentCopier Copier { get; }

    public Catalog Catalog { get; }

    /// <summary>Where calls go: the local router in a single silo, the cluster's router once the silo joins a cluster.</summary>
    public IGrainCallRouter Router { get; private set; }

    /// <summary>The cluster's directory of activations; null in a single silo.</summary>
    public IActivationDirectory? ActivationDirectory { get; private set; }

    /// <summary>Told where a grain lives when a local activation loses its registration, so its calls are not routed back here.</summary>
    public Action<GrainId, SiloAddress>? LocationHint { get; private set; }

    /// <summary>The silo's cluster address once it has one, else its name (see <see cref="Grain.RuntimeIdentity"/>).</summary>
    public string Identity { get; private set; } = "";

    /// <summary>The router that delivers to activations in this silo (the cluster's router uses it for local grains).</summary>
    public LocalGrainCallRouter LocalRouter { get; }

    public CallTimeoutTracker Timeouts { get; }

    public GrainFactory GrainFactory { get; }

    /// <summary>Cancelled when the silo begins to stop; passed to OnActivateAsync and state loading.</summary>
    public CancellationToken StoppingToken => _stopping.Token;

    /// <summary>Switches this runtime to cluster routing; called once, before <see cref="Start"/>.</summary>
    public void UseCluster(SiloAddress self, IGrainCallRouter router, IActivationDirectory directory, Action<GrainId, SiloAddress> locationHint)
    {
        Identity = self.ToString();
        Router = router;
        ActivationDirectory = directory;
        LocationHint = locationHint;
    }

    /// <summary>Sends every call through <paramref name="router"/> (a cluster client's gateway router); called once, before <see cref="Start"/>.</summary>
    public void UseRouter(IGrainCallRouter router) => Router = router;

    public void Start()
    {
        Catalog.Start();
        _collector = new ActivationCollector(Catalog, TimeProvider, CollectionOptions.CollectionQuantum, CollectionOptions.CollectionAge);
    }

    /// <summary>Deactivates every grain, then stops the timers.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _collector?.Dispose();
        int stuck = await Catalog.DeactivateAllAsync(
            new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is shutting down."),
            CollectionOptions.DeactivationTimeout, cancellationToken).ConfigureAwait(false);
        if (stuck > 0)
        {
            Logger.ActivationsLeftRunning(stuck);
        }
        _stopping.Cancel();
    }

    /// <summary>
    /// Drops every activation without running its deactivation (the silo is dead to its cluster): calls waiting in
    /// them fail, the timers stop, nothing is written.
    /// </summary>
    public void Abandon()
    {
        _collector?.Dispose();
        Catalog.Abandon(new SiloStoppedException("The silo was stopped abruptly (killed or declared dead by its cluster)."));
        _stopping.Cancel();
    }

    /// <summary>Runs one idle-collection pass now (the collector's timer does this every quantum).</summary>
    internal int CollectIdleActivations() => _collector?.Collect() ?? 0;

    public void Send(GrainReference target, GrainRequest request)
    {
        request.Prepare(this, target);
        Metrics.CallSent();
        try
        {
            request.CopyArguments(Copier);
        }
        catch (Exception exception)
        {
            request.FailUndelivered(exception);
            return;
        }
        Timeouts.Track(request, ActivationData.Current is null ? _clientCallTimeout : _siloCallTimeout);
        Router.Route(request);
    }

    public void Dispose()
    {
        _collector?.Dispose();
        Timeouts.Dispose();
        _stopping.Dispose();
    }

    private static TimeSpan Positive(TimeSpan value, string name) =>
        value > TimeSpan.Zero ? value : throw new OptionsValidationException(name, typeof(TimeSpan), [$"{name} must be positive, got {value}."]);
}
