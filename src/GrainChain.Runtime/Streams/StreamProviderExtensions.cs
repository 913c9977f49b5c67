using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Streams;

/// <summary><c>this.GetStreamProvider(name)</c> in a grain, and <c>client.GetStreamProvider(name)</c> on the cluster client.</summary>
public static class StreamProviderExtensions
{
    /// <summary>The named stream provider as this grain sees it: its subscriptions name this grain as consumer.</summary>
    public static IStreamProvider GetStreamProvider(this Grain grain, string name)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var provider = Find(grain.GrainContext.ActivationServices, name);
        return new CallerBoundStreamProvider(provider, StreamCaller.ForGrain(grain.GrainContext));
    }

    /// <summary>The named stream provider as the client sees it: its observers run in the client.</summary>
    public static IStreamProvider GetStreamProvider(this IClusterClient client, string name)
    {
        ArgumentNullException.ThrowIfNull(client);
        var provider = Find(client.ServiceProvider, name);
        return new CallerBoundStreamProvider(provider, StreamCaller.ForClient(provider.ClientEndpoint));
    }

    private static MemoryStreamProvider Find(IServiceProvider services, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return services.GetKeyedService<MemoryStreamProvider>(name)
            ?? throw new KeyNotFoundException($"No stream provider named '{name}' is registered; add one with silo.AddMemoryStreams(\"{name}\").");
    }
}
