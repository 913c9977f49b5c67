using System.Diagnostics.Metrics;
using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Metadata;
using GrainChain.Runtime.Streams.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Streams.Hosting;

/// <summary>Adds memory stream providers to a silo.</summary>
public static class MemoryStreamSiloBuilderExtensions
{
    /// <summary>
    /// Adds the stream provider <paramref name="name"/>: events are queued in memory on the producing silo and handed
    /// to consumers as delivery calls (in-process on that silo, over the cluster's connections to others); explicit
    /// subscriptions are kept in the grain store named by <see cref="MemoryStreamOptions.PubSubStorageName"/>, which
    /// in a cluster every silo must share so a pub-sub grain that moves finds them.
    /// </summary>
    public static ISiloBuilder AddMemoryStreams(this ISiloBuilder builder, string name, Action<MemoryStreamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/'))
        {
            throw new ArgumentException($"Stream provider name '{name}' must not contain '/'.", nameof(name));
        }
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(MemoryStreamProvider) && Equals(d.ServiceKey, name)))
        {
            throw new InvalidOperationException($"A stream provider named '{name}' is already registered.");
        }
        var options = services.AddOptions<MemoryStreamOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton(sp => new StreamMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => new ImplicitStreamSubscriptionTable(sp.GetRequiredService<GrainTypeDirectory>()));
        services.TryAddSingleton<ClientStreamEndpoint>();
        services.AddKeyedSingleton(name, (sp, _) =>
        {
            var settings = sp.GetRequiredService<IOptionsMonitor<MemoryStreamOptions>>().Get(name);
            settings.Validate(name);
            var loggers = sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            return new MemoryStreamProvider(
                name,
                settings,
                sp.GetRequiredService<GrainRuntime>(),
                sp.GetRequiredService<ImplicitStreamSubscriptionTable>(),
                sp.GetRequiredService<ClientStreamEndpoint>(),
                sp.GetRequiredService<StreamMetrics>(),
                loggers.CreateLogger("GrainChain.Runtime.Streams." + name));
        });
        return builder;
    }
}
