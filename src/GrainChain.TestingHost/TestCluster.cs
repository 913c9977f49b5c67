using GrainChain.Runtime;
using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GrainChain.TestingHost;

/// <summary>
/// An in-process cluster for testing grains: N silos talking over real loopback sockets, sharing an in-memory
/// membership table (unless a configurator registers another). Deploy, call grains through <see cref="Client"/>,
/// start, stop, kill and restart silos, wait for the cluster to settle, stop.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly Func<ISiloConfigurator>[] _configurators;
    private readonly List<SiloHandle> _silos = [];
    private readonly InMemoryMembershipStore _membership = new();
    private readonly Lock _gate = new();
    private int _nextIndex;

    internal TestCluster(TestClusterOptions options, Func<ISiloConfigurator>[] configurators)
    {
        Options = options;
        _configurators = configurators;
    }

    public TestClusterOptions Options { get; }

    /// <summary>
    /// The silos that are running, in start order: not stopped or killed by the test, and not stopped on their own
    /// (a silo the cluster declared dead stops itself).
    /// </summary>
    public IReadOnlyList<SiloHandle> Silos
    {
        get
        {
            lock (_gate)
            {
                return [.. _silos.Where(s => s.IsRunning)];
            }
        }
    }

    /// <summary>The first running silo (the first silo started, once every silo has stopped).</summary>
    public SiloHandle Primary
    {
        get
        {
            lock (_gate)
            {
                return _silos.FirstOrDefault(s => s.IsRunning) ?? _silos.FirstOrDefault()
                    ?? throw new InvalidOperationException("The test cluster has no silo (deploy it first).");
            }
        }
    }

    /// <summary>A client of the cluster: make grain references and call them from the test.</summary>
    public IClusterClient Client => Primary.ServiceProvider.GetRequiredService<IClusterClient>();

    public IGrainFactory GrainFactory => Client;

    /// <summary>The primary silo's services.</summary>
    public IServiceProvider ServiceProvider => Primary.ServiceProvider;

    /// <summary>Starts <see cref="TestClusterOptions.InitialSilosCount"/> silos and waits until they all see each other.</summary>
    public async Task DeployAsync(CancellationToken cancellationToken = default)
    {
        if (Options.InitialSilosCount < 1)
        {
            throw new InvalidOperationException($"InitialSilosCount must be at least 1, got {Options.InitialSilosCount}.");
        }
        lock (_gate)
        {
            if (_silos.Count > 0)
            {
                throw new InvalidOperationException("The test cluster is already deployed.");
            }
        }
        for (int i = 0; i < Options.InitialSilosCount; i++)
        {
            await StartAdditionalSiloAsync(cancellationToken).ConfigureAwait(false);
        }
        await WaitForLivenessToStabilizeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts one more silo, which joins the cluster.</summary>
    public async Task<SiloHandle> StartAdditionalSiloAsync(CancellationToken cancellationToken = default)
    {
        int index = Interlocked.Increment(ref _nextIndex) - 1;
        var name = $"{Options.ClusterId}-silo{index}";
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddGrainChainSilo(silo =>
        {
            silo.Configure<SiloOptions>(o => o.SiloName = name);
            silo.Configure<ClusterOptions>(o => o.ClusterId = Options.ClusterId);
            silo.Configure<EndpointOptions>(o => o.SiloPort = 0);
            silo.UseInMemoryMembership(o => o.ClusterId = Options.ClusterId, _membership);
            foreach (var create in _configurators)
            {
                create().Configure(silo);
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        var handle = new SiloHandle(name, index, host);
        lock (_gate)
        {
            _silos.Add(handle);
        }
        return handle;
    }

    /// <summary>Stops a silo gracefully: it leaves the cluster after deactivating its grains.</summary>
    public async Task StopSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!silo.IsActive)
        {
            return;
        }
        silo.IsActive = false;
        await silo.Host.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Kills a silo: its connections are cut and nothing is written to the membership table, as if its process
    /// died. The other silos must detect the death.
    /// </summary>
    public async Task KillSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!silo.IsActive)
        {
            return;
        }
        silo.IsActive = false;
        await silo.Silo.KillAsync().ConfigureAwait(false);
        // The host's own stop now finds the silo already stopped and only disposes services.
        await silo.Host.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Stops a silo gracefully and starts a new one in its place (a new generation, so a new silo to the cluster).</summary>
    public async Task<SiloHandle> RestartSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        await StopSiloAsync(silo, cancellationToken).ConfigureAwait(false);
        return await StartAdditionalSiloAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until every running silo sees exactly the running silos as Active and has settled its directory for
    /// that view (re-registered its grains with their owners). Fails with what each silo sees after
    /// <see cref="TestClusterOptions.StabilizationTimeout"/>.
    /// </summary>
    public async Task WaitForLivenessToStabilizeAsync(CancellationToken cancellationToken = default)
    {
        var silos = Silos;
        var expected = silos.Select(s => s.SiloAddress).ToHashSet();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.StabilizationTimeout);
        try
        {
            await Task.WhenAll(silos.Select(s => s.Silo.WaitForClusterAsync(expected, timeout.Token))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var seen = string.Join("; ", silos.Select(s => $"{s.Name} sees [{s.Silo.ClusterView}]"));
            throw new TimeoutException(
                $"The test cluster did not stabilise within {Options.StabilizationTimeout}: expected {expected.Count} active silos ({string.Join(", ", expected)}); {seen}");
        }
    }

    /// <summary>Stops every silo gracefully: every grain is deactivated first.</summary>
    public async Task StopAllSilosAsync(CancellationToken cancellationToken = default)
    {
        foreach (var silo in Silos.Reverse())
        {
            await StopSiloAsync(silo, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAllSilosAsync().ConfigureAwait(false);
        List<SiloHandle> all;
        lock (_gate)
        {
            all = [.. _silos];
            _silos.Clear();
        }
        foreach (var silo in all)
        {
            silo.Host.Dispose();
        }
    }
}
