using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Hosting;

/// <summary>Configures a silo: its services (stores, serializer, options) and its grain assemblies.</summary>
public interface ISiloBuilder
{
    IServiceCollection Services { get; }
}

/// <summary>The silo builder handed to <c>AddGrainChainSilo</c> callbacks.</summary>
internal sealed class SiloBuilder(IServiceCollection services) : ISiloBuilder
{
    public IServiceCollection Services { get; } = services;
}
