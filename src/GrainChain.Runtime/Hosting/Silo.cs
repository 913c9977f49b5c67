using GrainChain.Runtime.Cluster;
using GrainChain.Runtime.Diagnostics;
using GrainChain.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Hosting;

/// <summary>
/// A silo: hosts activations of grains. Started and stopped by the generic host through its hosted service. With a
/// membership table registered it is a member of a cluster (listening on <see cref="EndpointOptions.SiloPort"/>);
/// without one it runs alone.
/// </summary>
public sealed class Silo
{
    private readonly GrainRuntime _runtime;
    private readonly ILogger _logger;
    private readonly SiloCluster? _cluster;
    private int _started;
    private int _stopped;

    internal Silo(GrainRuntime runtime, ILogger<Silo> logger)
    {
        _runtime = runtime;
        _logger = logger;
        if (runtime.Services.GetService<IMembershipTable>() is { } table)
        {
            _cluster = new SiloCluster(runtime, runtime.Services, table);
            _cluster.DeclaredDead += OnDeclaredDead;
        }
    }

    public string Name => _runtime.SiloOptions.SiloName;

    public IServiceProvider Services => _runtime.Services;

    /// <summary>The number of live activations.</summary>
    public int ActivationCount => _runtime.Catalog.Count;

    /// <summary>This silo's address in its cluster; null for a silo that runs alone or has not started.</summary>
    public SiloAddress? SiloAddress => _cluster?.Address;

    /// <summary>The cluster as this silo sees it now; empty for a silo that runs alone.</summary>
    public MembershipView ClusterView => _cluster?.View ?? MembershipView.Empty;

    /// <summary>True once this silo has stopped (or was declared dead by its cluster).</summary>
    public bool IsStopped => Volatile.Read(ref _stopped) != 0;

    internal GrainRuntime Runtime => _runtime;

    /// <summary>
    /// Completes when this silo sees exactly <paramref name="expectedActive"/> as its cluster's Active silos and has
    /// re-registered its grains for that view (what a test host waits for after silos join or leave).
    /// </summary>
    public Task WaitForClusterAsync(IReadOnlySet<SiloAddress> expectedActive, CancellationToken cancellationToken = default) =>
        _cluster?.WaitForClusterAsync(expectedActive, cancellationToken)
        ?? throw new InvalidOperationException($"Silo {Name} is not a cluster member (no membership table is registered).");

    internal SiloCluster? Cluster => _cluster;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }
        if (_cluster is not null)
        {
            await _cluster.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }
        _runtime.Start();
        if (_cluster is not null)
        {
            await _cluster.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        _logger.SiloStarted(Name, _runtime.Types.ClassCount, _runtime.Types.InterfaceCount);
    }

    /// <summary>
    /// Graceful stop: the cluster is told first (no new work is placed here), every activation is deactivated (its
    /// OnDeactivateAsync runs, calls queued for it go to its next activation elsewhere), then the silo leaves.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _started) == 0 || Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        _logger.SiloStopping(Name, _runtime.Catalog.Count);
        if (_cluster is not null)
        {
            await _cluster.AnnounceShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        await _runtime.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_cluster is not null)
        {
            await _cluster.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        _logger.SiloStopped(Name);
    }

    /// <summary>
    /// Abrupt stop, as if the process died: connections are cut and the membership table is not told, so the
    /// cluster must detect the death. For tests of failure handling.
    /// </summary>
    internal async Task KillAsync()
    {
        if (Volatile.Read(ref _started) == 0 || Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        if (_cluster is not null)
        {
            await _cluster.KillAsync().ConfigureAwait(false);
        }
        _runtime.Abandon();
    }

    // The cluster declared this silo dead: its grains already live elsewhere, so it must not serve anything more.
    private void OnDeclaredDead()
    {
        _ = Task.Run(async () =>
        {
            await KillAsync().ConfigureAwait(false);
            _runtime.Services.GetService<IHostApplicationLifetime>()?.StopApplication();
        });
    }
}
