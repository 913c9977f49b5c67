using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GrainChain.Hosting.Pending;

/// <summary>Registers the silo's <see cref="IPendingTransactionStore"/> on the backend the cluster keeps its state in.</summary>
public static class PendingTransactionServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="IPendingTransactionStore"/> singleton: with <see cref="GrainChainBackend.Memory"/>, a store
    /// in this process's memory shared by every silo of the same <see cref="ClusterOptions.ServiceId"/>, kept only as
    /// long as the process lives. The first registration of a store wins.
    /// </summary>
    public static IServiceCollection AddGrainChainPendingTransactions(this IServiceCollection services, GrainChainBackend backend)
    {
        ArgumentNullException.ThrowIfNull(services);
        switch (backend)
        {
            case GrainChainBackend.Memory:
                services.AddOptions();
                services.TryAddSingleton<IPendingTransactionStore>(sp => new MemoryPendingTransactionStore(ServiceId(sp)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(backend), backend, "not a GrainChain backend");
        }

        return services;
    }

    private static string ServiceId(IServiceProvider services)
    {
        var serviceId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
        return string.IsNullOrWhiteSpace(serviceId)
            ? throw new InvalidOperationException("the GrainChain pending transactions in memory are shared by service id, and ClusterOptions.ServiceId is empty")
            : serviceId;
    }
}
