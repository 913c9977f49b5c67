using GrainChain.Runtime;
using GrainChain.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Benchmarks.Runtime;

/// <summary>A started silo on a bare service provider (no logging, no host), for benchmarks.</summary>
internal sealed class BenchmarkSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Silo _silo;

    private BenchmarkSilo(ServiceProvider services)
    {
        _services = services;
        _silo = services.GetRequiredService<Silo>();
    }

    public IClusterClient Client => _services.GetRequiredService<IClusterClient>();

    public static async Task<BenchmarkSilo> StartAsync()
    {
        var services = new ServiceCollection();
        services.AddGrainChainSilo(silo => silo.AddGrainAssembly(typeof(BenchmarkSilo).Assembly));
        var silo = new BenchmarkSilo(services.BuildServiceProvider());
        await silo._silo.StartAsync(CancellationToken.None);
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        await _silo.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }
}
