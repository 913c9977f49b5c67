using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration.Overrides;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;

namespace GrainChain.Hosting.Storage;

/// <summary>Registers a named <see cref="GrainChainGrainStorage"/> over a store registered as a singleton.</summary>
internal static class GrainChainGrainStorageRegistration
{
    /// <summary>How a message about a missing database names the grain storage <paramref name="name"/>.</summary>
    public static string Component(string name) => $"GrainChain grain storage '{name}'";

    public static void Add<TStore>(IServiceCollection services, string name)
        where TStore : class, IGrainStateStore =>
        services.AddGrainStorage(name, (sp, key) => new GrainChainGrainStorage(
            key,
            sp.GetProviderClusterOptions(key).Value.ServiceId,
            sp.GetRequiredService<TStore>(),
            GrainStateSerializer.Create(sp),
            sp.GetRequiredService<IActivatorProvider>()));
}
