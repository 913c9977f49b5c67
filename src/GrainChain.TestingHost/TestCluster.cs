using GrainChain.Runtime;
using GrainChain.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GrainChain.TestingHost;

/// <summary>
/// An in-process cluster for testing grains: deploy, call grains through <see cref="Client"/>, stop. Today it runs
/// one silo; several silos arrive with the cluster issue.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly Func<ISiloConfigurator>[] _configurators;
    private readonly List<SiloHandle> _silos = [];

    internal TestCluster(TestClusterOptions options, Func<ISiloConfigurator>[] configurators)
    {
        Options = options;
        _configurators = configurators;
    }

    public TestClusterOptions Options { get; }

    public IReadOnlyList<SiloHandle> Silos => _silos;

    public SiloHandle Primary => _silos.Count > 0 ? _silos[0] : throw new InvalidOperationException("The test cluster has not been deployed.");

    /// <summary>The cluster client: make grain references and call them from the test.</summary>
    public IClusterClient Client => Primary.ServiceProvider.GetRequiredService<IClusterClient>();

    public IGrainFactory GrainFactory => Client;

    /// <summary>The primary silo's services.</summary>
    public IServiceProvider ServiceProvider => Primary.ServiceProvider;

    /// <summary>Starts <see cref="TestClusterOptions.InitialSilosCount"/> silos.</summary>
    public async Task DeployAsync(CancellationToken cancellationToken = default)
    {
        if (Options.InitialSilosCount != 1)
        {
            throw new NotSupportedException(
                $"InitialSilosCount is {Options.InitialSilosCount}, but the runtime runs a single silo for now; multi-silo test clusters arrive with the cluster issue.");
        }
        if (_silos.Count > 0)
        {
            throw new InvalidOperationException("The test cluster is already deployed.");
        }
        var name = $"{Options.ClusterId}-silo0";
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddGrainChainSilo(silo =>
        {
            silo.Configure<SiloOptions>(o => o.SiloName = name);
            foreach (var create in _configurators)
            {
                create().Configure(silo);
            }
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        _silos.Add(new SiloHandle(name, host));
    }

    /// <summary>Stops every silo gracefully: every grain is deactivated first.</summary>
    public async Task StopAllSilosAsync(CancellationToken cancellationToken = default)
    {
        foreach (var silo in _silos.Where(s => s.IsActive))
        {
            await silo.Host.StopAsync(cancellationToken).ConfigureAwait(false);
            silo.IsActive = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAllSilosAsync().ConfigureAwait(false);
        foreach (var silo in _silos)
        {
            silo.Host.Dispose();
        }
        _silos.Clear();
    }
}
