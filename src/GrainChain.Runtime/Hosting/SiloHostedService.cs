using Microsoft.Extensions.Hosting;

namespace GrainChain.Runtime.Hosting;

/// <summary>Starts the silo with the host and stops it (deactivating every grain) when the host stops.</summary>
internal sealed class SiloHostedService(Silo silo) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => silo.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => silo.StopAsync(cancellationToken);
}
