using System.Buffers;
using System.Net;
using GrainChain.Runtime.Activation;
using GrainChain.Runtime.GrainDirectory;
using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;
using GrainChain.Runtime.Placement;
using GrainChain.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Cluster;

/// <summary>
/// This silo's part in a cluster: the listener and connections to other silos and clients, the membership agent,
/// the directory and the cluster router, started and stopped with the silo. A silo without a membership table has
/// none of it and runs alone.
/// </summary>
internal sealed class SiloCluster : IMessageHandler, IActivationDirectory, IAsyncDisposable
{
    private readonly GrainRuntime _runtime;
    private readonly IServiceProvider _services;
    private readonly ClusterOptions _clusterOptions;
    private readonly EndpointOptions _endpointOptions;
    private readonly MessagingOptions _messagingOptions;
    private readonly ClusterMembershipOptions _membershipOptions;
    private readonly IMembershipTable _table;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly BinaryGrainSerializer _serializer;
    private readonly SemaphoreSlim _reRegistrationGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private ConnectionListener? _listener;
    private SiloConnectionCache? _connections;
    private MembershipAgent? _membership;
    private DistributedGrainDirectory? _directory;
    private ClusterGrainCallRouter? _router;
    private RemoteCallSender? _sender;
    private InboundCallHandler? _inbound;
    private MembershipChangeNotifier? _notifier;
    private Task _lastNotification = Task.CompletedTask;
    private ITimer? _sweepTimer;
    private readonly List<(long Version, TaskCompletionSource Done)> _settleWaiters = [];
    private long _settledVersion = -1;
    private int _deadSignalled;

    public SiloCluster(GrainRuntime runtime, IServiceProvider services, IMembershipTable table)
    {
        _runtime = runtime;
        _services = services;
        _table = table;
        _clusterOptions = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        _endpointOptions = services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        _messagingOptions = services.GetRequiredService<IOptions<MessagingOptions>>().Value;
        _membershipOptions = services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        _time = runtime.TimeProvider;
        _loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<SiloCluster>();
        _serializer = services.GetService<IGrainSerializer>() as BinaryGrainSerializer
            ?? throw new InvalidOperationException("A clustered silo sends calls with the binary grain serializer; register it with AddGrainSerializer().");
    }

    /// <summary>This silo's address in the cluster (known once the listener is bound).</summary>
    public SiloAddress? Address { get; private set; }

    /// <summary>The membership view this silo holds now.</summary>
    public MembershipView View => _membership?.CurrentView ?? MembershipView.Empty;

    /// <summary>The latest view for which this silo has re-registered its activations with their owners.</summary>
    public long SettledVersion => Volatile.Read(ref _settledVersion);

    /// <summary>Raised once when the cluster declares this silo dead; the host stops the silo.</summary>
    public event Action? DeclaredDead;

    internal MembershipAgent? Membership => _membership;

    internal ClusterGrainCallRouter? Router => _router;

    internal SiloConnectionCache? Connections => _connections;

    /// <summary>Binds the listener, makes this silo's address and switches the runtime to cluster routing. No traffic yet.</summary>
    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _messagingOptions.ClusterId = _clusterOptions.ClusterId;
        var bindAddress = _endpointOptions.ListenOnAnyHostAddress ? IPAddress.Any : _endpointOptions.AdvertisedIPAddress;
        var messaging = Options.Create(_messagingOptions);
        _listener = new ConnectionListener(messaging, _loggers, _time);
        var bound = _listener.Bind(new IPEndPoint(bindAddress, _endpointOptions.SiloPort));
        // The generation tells this incarnation from earlier ones on the same endpoint; wall-clock ticks only grow.
        Address = new SiloAddress(new IPEndPoint(_endpointOptions.AdvertisedIPAddress, bound.Port), Math.Max(1, DateTimeOffset.UtcNow.UtcTicks));
        _connections = new SiloConnectionCache(Address, this, messaging, _loggers, _time);

        var partition = _services.GetRequiredService<GrainDirectoryPartition>();
        _directory = new DistributedGrainDirectory(
            Address,
            partition,
            silo => _runtime.GrainFactory.GetGrain<IRemoteGrainDirectory>(RemoteGrainDirectoryKey.For(silo)),
            _loggers.CreateLogger<DistributedGrainDirectory>(),
            HasLeftAsync);
        _sender = new RemoteCallSender(_serializer, _logger);
        _inbound = new InboundCallHandler(_runtime, _serializer, _logger);
        _router = new ClusterGrainCallRouter(
            _runtime, Address, _directory, _services.GetRequiredService<PlacementService>(), _connections, _sender, () => View, HasLeftAsync, _logger);
        _runtime.UseCluster(Address, _router, this, (grainId, silo) => _router.Locations.Set(grainId, silo));
        _membership = new MembershipAgent(
            _table,
            Address,
            Environment.MachineName,
            _endpointOptions.IsGateway ? Address.Endpoint.Port : null,
            _membershipOptions,
            new SiloPingProber(_connections, _time),
            _time,
            _loggers.CreateLogger<MembershipAgent>());
        _notifier = new MembershipChangeNotifier(_runtime.GrainFactory, Address, _membershipOptions.ChangeNotificationTimeout, _time, _logger);
        _membership.ViewChanged += OnViewChanged;
        _membership.SelfDeclaredDead += OnSelfDeclaredDead;
        _membership.StatusWritten += OnStatusWritten;
        return Task.CompletedTask;
    }

    /// <summary>Starts accepting connections, joins the membership table and becomes Active.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var membership = _membership ?? throw new InvalidOperationException("PrepareAsync must run first.");
        _listener!.Start(Address!, this, _connections);
        _logger.SiloListening(Address!, _clusterOptions.ClusterId);
        // JoinAsync creates the table if needed.
        await membership.JoinAsync(cancellationToken).ConfigureAwait(false);
        await membership.BecomeActiveAsync(cancellationToken).ConfigureAwait(false);
        var view = await membership.RefreshAsync(cancellationToken).ConfigureAwait(false);
        membership.Start();
        _sweepTimer = _time.CreateTimer(static state => ((SiloCluster)state!).Housekeep(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        _logger.SiloActive(Address!, _clusterOptions.ClusterId, view);
    }

    // Once a second: release calls whose callers timed out, and retry a re-registration that failed.
    private void Housekeep()
    {
        _sender?.Calls.SweepAbandoned();
        var view = View;
        if (view.Version > SettledVersion && !_stopping.IsCancellationRequested)
        {
            _ = ReRegisterAsync(view);
        }
    }

    /// <summary>Graceful stop, first half: tells the cluster this silo is leaving, so no new work is placed here.</summary>
    public async Task AnnounceShutdownAsync(CancellationToken cancellationToken)
    {
        if (_membership is { IsDeclaredDead: false } membership)
        {
            try
            {
                await membership.AnnounceShuttingDownAsync(cancellationToken).ConfigureAwait(false);
                // Bounded by the notification timeout: the others stop placing work here before the grains leave.
                await Volatile.Read(ref _lastNotification).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _logger.LogWarning(exception, "Silo {Silo} could not write ShuttingDown to the membership table", Address);
            }
        }
    }

    /// <summary>Graceful stop, second half (activations are already gone): Dead in the table, connections closed.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        if (_membership is { IsDeclaredDead: false } membership)
        {
            try
            {
                await membership.ShutDownAsync(cancellationToken).ConfigureAwait(false);
                // Before the connections close, or the notification of Dead would never leave; bounded by its timeout.
                await Volatile.Read(ref _lastNotification).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _logger.LogWarning(exception, "Silo {Silo} could not write Dead to the membership table", Address);
            }
        }
        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Abrupt stop, as if the process died: nothing is written to the table, connections are cut.</summary>
    public async Task KillAsync()
    {
        _inbound?.Mute();
        _stopping.Cancel();
        if (_membership is { } membership)
        {
            await membership.KillAsync().ConfigureAwait(false);
        }
        await CloseAsync().ConfigureAwait(false);
    }

    private async Task CloseAsync()
    {
        _sweepTimer?.Dispose();
        if (_listener is { } listener)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
        if (_connections is { } connections)
        {
            await connections.DisposeAsync().ConfigureAwait(false);
        }
        _sender?.FailAll($"silo {Address} stopped.");
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        if (_membership is { } membership)
        {
            await membership.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
    }

    // ---- Messages ------------------------------------------------------------------------------------------

    public void OnMessage(Connection connection, in MessageHeader header, ReadOnlySequence<byte> body)
    {
        switch (header.Kind)
        {
            case MessageKind.Request:
                _inbound!.OnRequest(connection, header, body);
                break;
            case MessageKind.Response or MessageKind.Failure:
                _sender!.OnResponse(connection, header, body);
                break;
            case MessageKind.Rejection:
                if (_sender!.OnRejection(connection, header, body) is { } retry)
                {
                    _router!.Reroute(retry, connection.RemoteSilo);
                }
                break;
        }
    }

    public void OnConnectionClosed(Connection connection, Exception? reason) => _sender?.OnConnectionClosed(connection, reason);

    // ---- Directory -----------------------------------------------------------------------------------------

    public async ValueTask<SiloAddress?> RegisterAsync(ActivationData activation, CancellationToken cancellationToken)
    {
        var self = Address!;
        var directory = _directory!;
        var mine = new GrainAddress(activation.GrainId, self, activation.ActivationId);
        for (int attempt = 0; ; attempt++)
        {
            long ringVersion = directory.Ring.Version;
            var winner = await directory.RegisterAsync(mine).ConfigureAwait(false);
            if (winner.ActivationId == mine.ActivationId && winner.Silo.Equals(self))
            {
                // Registered with the owner of a ring that has since moved: the re-registration for the new ring may
                // have run before this activation counted as registered, so register with the new owner too.
                if (directory.Ring.Version != ringVersion && attempt < 8)
                {
                    continue;
                }
                return null;
            }
            // A winner that is dead, or an earlier activation of this silo whose unregistration has not landed yet,
            // is a stale entry: remove exactly it and try again.
            bool stale = View.IsDead(winner.Silo)
                || (winner.Silo.Equals(self) && !(_runtime.Catalog.TryGet(winner.GrainId, out var live) && live.ActivationId == winner.ActivationId));
            if (!stale || attempt >= 8)
            {
                return winner.Silo;
            }
            await directory.UnregisterAsync(winner).ConfigureAwait(false);
        }
    }

    public void Unregister(ActivationData activation)
    {
        var self = Address;
        if (self is null || _directory is null)
        {
            return;
        }
        _router?.Locations.Remove(activation.GrainId, self);
        _ = UnregisterAsync(new GrainAddress(activation.GrainId, self, activation.ActivationId));
    }

    private async Task UnregisterAsync(GrainAddress address)
    {
        try
        {
            await _directory!.UnregisterAsync(address).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _logger.UnregisterFailed(exception, address.GrainId);
        }
    }

    // ---- Membership ----------------------------------------------------------------------------------------

    // Tells the other silos to read the table now; never waits (the write path and the caller go on at once).
    private void OnStatusWritten(MembershipStatusChange change)
    {
        if (_notifier is { } notifier)
        {
            Volatile.Write(ref _lastNotification, notifier.NotifyAsync(change));
        }
    }

    /// <summary>Another silo changed the table to <paramref name="version"/>: read it now unless this view is that new.</summary>
    internal Task OnTableChangedAsync(long version) =>
        _membership is { } membership && !_stopping.IsCancellationRequested ? membership.RequestRefreshAsync(version) : Task.CompletedTask;

    // A silo could not be reached: read the table now (coalesced) unless the view already says it left.
    private async Task<bool> HasLeftAsync(SiloAddress silo)
    {
        if (_membership is not { } membership || _stopping.IsCancellationRequested)
        {
            return false;
        }
        if (!HasLeft(View, silo))
        {
            await membership.RequestRefreshAsync().ConfigureAwait(false);
        }
        return HasLeft(View, silo);
    }

    private static bool HasLeft(MembershipView view, SiloAddress silo) =>
        view.IsDead(silo) || view.GetStatus(silo) is not (SiloStatus.Active or SiloStatus.Joining);

    private void OnViewChanged(MembershipView view)
    {
        _logger.ViewChanged(view.Version, view.ActiveSilos.Length, view);
        _directory?.OnViewChanged(view);
        _router?.Locations.Prune(view);
        foreach (var member in view.Members)
        {
            if (member.Status == SiloStatus.Dead && !member.Silo.Equals(Address))
            {
                _connections?.MarkDead(member.Silo);
            }
        }
        _ = ReRegisterAsync(view);
    }

    // After the ring moves, this silo's activations are registered again with their (possibly new) owners; an
    // activation that finds another one registered first is a duplicate and goes away.
    private async Task ReRegisterAsync(MembershipView view)
    {
        await _reRegistrationGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (view.Version <= SettledVersion || _stopping.IsCancellationRequested)
            {
                return;
            }
            var self = Address!;
            var local = _runtime.Catalog.Activations
                .Where(a => a.IsRegistered && !SystemTargetId.IsSystemTarget(a.GrainId))
                .Select(a => new GrainAddress(a.GrainId, self, a.ActivationId))
                .ToList();
            var losers = await _directory!.ReRegisterAsync(local, _stopping.Token).ConfigureAwait(false);
            var leaving = new List<Task>();
            foreach (var loser in losers)
            {
                if (_runtime.Catalog.TryGet(loser.GrainId, out var activation) && activation.ActivationId == loser.ActivationId)
                {
                    _router!.Locations.Remove(loser.GrainId);
                    activation.Deactivate(new DeactivationReason(DeactivationReasonCode.DuplicateActivation,
                        "Another activation of this grain is registered in the directory."));
                    leaving.Add(activation.Deactivated);
                }
            }
            // Settled means the duplicates are gone, not just asked to go.
            await Task.WhenAll(leaving).WaitAsync(_runtime.CollectionOptions.DeactivationTimeout, _time, _stopping.Token).ConfigureAwait(false);
            if (losers.Count > 0)
            {
                _logger.DuplicatesDeactivated(losers.Count, view.Version);
            }
            Settle(view.Version);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            _logger.ReRegistrationFailed(exception, view.Version);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _reRegistrationGate.Release();
        }
    }

    private void Settle(long version)
    {
        List<TaskCompletionSource>? done = null;
        lock (_settleWaiters)
        {
            Volatile.Write(ref _settledVersion, version);
            for (int i = _settleWaiters.Count - 1; i >= 0; i--)
            {
                if (_settleWaiters[i].Version <= version)
                {
                    (done ??= []).Add(_settleWaiters[i].Done);
                    _settleWaiters.RemoveAt(i);
                }
            }
        }
        done?.ForEach(d => d.TrySetResult());
    }

    /// <summary>Completes once this silo has settled its directory for view <paramref name="version"/> or a later one.</summary>
    public Task WaitForSettledAsync(long version, CancellationToken cancellationToken)
    {
        lock (_settleWaiters)
        {
            if (SettledVersion >= version)
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _settleWaiters.Add((version, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Completes when this silo sees exactly <paramref name="expectedActive"/> as the Active silos and has settled
    /// its directory for that view.
    /// </summary>
    public async Task WaitForClusterAsync(IReadOnlySet<SiloAddress> expectedActive, CancellationToken cancellationToken)
    {
        var membership = _membership ?? throw new InvalidOperationException("The silo has not joined its cluster.");
        bool Matches(MembershipView view) => view.ActiveSilos.Length == expectedActive.Count && view.ActiveSilos.All(expectedActive.Contains);
        while (true)
        {
            var view = await membership.WaitForViewAsync(Matches, cancellationToken).ConfigureAwait(false);
            await WaitForSettledAsync(view.Version, cancellationToken).ConfigureAwait(false);
            if (Matches(View) && SettledVersion >= View.Version)
            {
                return;
            }
        }
    }

    private void OnSelfDeclaredDead()
    {
        if (Interlocked.Exchange(ref _deadSignalled, 1) != 0)
        {
            return;
        }
        _logger.DeclaredDead(Address!);
        DeclaredDead?.Invoke();
    }
}
