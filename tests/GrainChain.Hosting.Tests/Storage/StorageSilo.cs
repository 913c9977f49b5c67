using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using GrainChain.Hosting.TestSilo.Harness;

namespace GrainChain.Hosting.Tests.Storage;

/// <summary>
/// One in-process silo whose named grain storage the tests drive directly. A silo rather than a bare service
/// collection: the ADO.NET provider loads its statements in the silo lifecycle, the schema is installed there, and
/// Orleans' memory storage keeps its data in grains.
/// </summary>
public sealed class StorageSilo : IAsyncDisposable
{
    public const string StorageName = "contract";

    private readonly IHost _host;

    private StorageSilo(IHost host)
    {
        _host = host;
        Storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageName);
    }

    public IGrainStorage Storage { get; }

    public static async Task<StorageSilo> StartAsync(Action<ISiloBuilder> configure)
    {
        var host = Build(configure);
        try
        {
            await host.StartAsync();
            return new StorageSilo(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>A silo host, not started, on free loopback ports.</summary>
    public static IHost Build(Action<ISiloBuilder> configure)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            var ports = FreePorts.Take(2);
            silo.UseLocalhostClustering(ports[0], ports[1]);
            configure(silo);
        });
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
