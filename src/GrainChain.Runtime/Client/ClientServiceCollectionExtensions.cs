using System.Net;
using GrainChain.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GrainChain.Runtime.Client;

/// <summary>Adds a cluster client (a program that calls grains in a cluster it is not part of) to a service collection or host.</summary>
public static class ClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IClusterClient"/>/<see cref="IGrainFactory"/> backed by connections to gateway silos,
    /// connected when the host starts. Configure gateways with <see cref="UseStaticGateways"/>, or register the
    /// cluster's membership table to find them; set the cluster id with <c>Configure&lt;ClusterOptions&gt;</c>.
    /// The grain interfaces' assembly (and, for now, the grain classes' assembly, which names the grain types) must be
    /// referenced by the client.
    /// </summary>
    public static IServiceCollection AddGrainChainClient(this IServiceCollection services, Action<IClientBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(Silo)))
        {
            throw new InvalidOperationException(
                "This service collection already has a silo (AddGrainChainSilo), which brings its own IClusterClient; a separate cluster client cannot be added.");
        }
        if (!services.Any(d => d.ServiceType == typeof(ClusterClientLifetime)))
        {
            GrainChainServiceCollectionExtensions.AddRuntimeCore(services);
            services.AddOptions<GatewayOptions>();
            services.AddSingleton(sp => new ClusterClientLifetime(sp));
            services.AddHostedService(sp => sp.GetRequiredService<ClusterClientLifetime>());
        }
        configure?.Invoke(new ClientBuilder(services));
        return services;
    }

    /// <summary>Adds a cluster client to a host application builder.</summary>
    public static IHostApplicationBuilder UseGrainChainClient(this IHostApplicationBuilder hostBuilder, Action<IClientBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(hostBuilder);
        hostBuilder.Services.AddGrainChainClient(configure);
        return hostBuilder;
    }

    /// <summary>Connects to these gateway endpoints (a silo's gateway port is its silo port).</summary>
    public static IClientBuilder UseStaticGateways(this IClientBuilder builder, params IPEndPoint[] gateways)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(gateways);
        builder.Services.Configure<GatewayOptions>(o => o.Gateways.AddRange(gateways));
        return builder;
    }

    /// <summary>Sets the cluster id the client presents to its gateways.</summary>
    public static IClientBuilder UseClusterId(this IClientBuilder builder, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        builder.Services.Configure<ClusterOptions>(o => o.ClusterId = clusterId);
        return builder;
    }

    /// <summary>Applies <paramref name="configure"/> to options of type <typeparamref name="TOptions"/>.</summary>
    public static IClientBuilder Configure<TOptions>(this IClientBuilder builder, Action<TOptions> configure)
        where TOptions : class
    {
        builder.Services.Configure(configure);
        return builder;
    }
}
