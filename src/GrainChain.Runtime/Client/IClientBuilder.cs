using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Client;

/// <summary>Configures a cluster client: its gateways or membership table, cluster id, serializer and options.</summary>
public interface IClientBuilder
{
    IServiceCollection Services { get; }
}

/// <summary>The client builder handed to <c>AddGrainChainClient</c> callbacks.</summary>
internal sealed class ClientBuilder(IServiceCollection services) : IClientBuilder
{
    public IServiceCollection Services { get; } = services;
}
