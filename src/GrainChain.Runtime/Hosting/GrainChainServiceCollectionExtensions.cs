using System.Diagnostics.Metrics;
using GrainChain.Runtime.Diagnostics;
using GrainChain.Runtime.GrainDirectory;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;
using GrainChain.Runtime.Placement;
using GrainChain.Runtime.Metadata;
using GrainChain.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Hosting;

/// <summary>Adds a GrainChain silo (and its in-process client) to a service collection or host.</summary>
public static class GrainChainServiceCollectionExtensions
{
    /// <summary>
    /// Registers the silo: runtime, options (<see cref="SiloOptions"/>, <see cref="ClientOptions"/>,
    /// <see cref="GrainCollectionOptions"/>), the hosted service that starts and stops it, and
    /// <see cref="IClusterClient"/>/<see cref="IGrainFactory"/> for calling grains from the host's code.
    /// </summary>
    public static IServiceCollection AddGrainChainSilo(this IServiceCollection services, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(Client.ClusterClientLifetime)))
        {
            throw new InvalidOperationException(
                "This service collection already has a cluster client (AddGrainChainClient). A silo brings its own client; use one or the other.");
        }
        if (!services.Any(d => d.ServiceType == typeof(Silo)))
        {
            AddRuntimeCore(services);
            services.AddOptions<EndpointOptions>();
            services.AddOptions<ClusterMembershipOptions>();
            services.TryAddSingleton<GrainDirectoryPartition>();
            services.TryAddSingleton(sp => new PlacementService());
            services.AddSingleton(sp => new Silo(sp.GetRequiredService<GrainRuntime>(), Loggers(sp).CreateLogger<Silo>()));
            services.AddHostedService(sp => new SiloHostedService(sp.GetRequiredService<Silo>()));
        }
        configure?.Invoke(new SiloBuilder(services));
        return services;
    }

    /// <summary>What silos and clients share: options, clock, serializer, grain types, the runtime that sends calls.</summary>
    internal static void AddRuntimeCore(IServiceCollection services)
    {
        services.AddOptions<SiloOptions>();
        services.AddOptions<ClientOptions>();
        services.AddOptions<GrainCollectionOptions>();
        services.AddOptions<GrainAssemblyOptions>();
        services.AddOptions<ClusterOptions>();
        services.AddOptions<MessagingOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddGrainSerializer();
        services.AddSingleton<ICodecResolver>(sp => new GrainReferenceCodecResolver(sp.GetRequiredService<GrainReferenceActivator>));
        services.AddSingleton(sp => new RuntimeMetrics(sp.GetService<IMeterFactory>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GrainAssemblyOptions>>().Value;
            return new GrainTypeDirectory(GrainAssemblyDiscovery.FindRegistries(options.Assemblies, options.ScanLoadedAssemblies));
        });
        services.AddSingleton(sp => new GrainRuntime(
            sp,
            sp.GetRequiredService<GrainTypeDirectory>(),
            sp.GetRequiredService<IOptions<SiloOptions>>(),
            sp.GetRequiredService<IOptions<ClientOptions>>(),
            sp.GetRequiredService<IOptions<GrainCollectionOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RuntimeMetrics>(),
            Loggers(sp).CreateLogger<GrainRuntime>()));
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<GrainRuntime>().GrainFactory);
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>().GrainFactory);
        services.AddSingleton(sp => new GrainReferenceActivator(sp.GetRequiredService<GrainRuntime>()));
    }

    // Logging is optional: a bare service collection without AddLogging gets a silent silo.
    internal static ILoggerFactory Loggers(IServiceProvider services) => services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;

    /// <summary>Adds a silo to a generic host.</summary>
    public static IHostBuilder UseGrainChain(this IHostBuilder hostBuilder, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(hostBuilder);
        return hostBuilder.ConfigureServices((_, services) => services.AddGrainChainSilo(configure));
    }

    /// <summary>Adds a silo to a host application builder (<c>Host.CreateApplicationBuilder</c>).</summary>
    public static IHostApplicationBuilder UseGrainChain(this IHostApplicationBuilder hostBuilder, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(hostBuilder);
        hostBuilder.Services.AddGrainChainSilo(configure);
        return hostBuilder;
    }
}
