using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Membership;

/// <summary>Registers <see cref="ClusterMembershipOptions"/> with its validator, checked when the host starts.</summary>
public static class ClusterMembershipServiceCollectionExtensions
{
    /// <summary>
    /// Adds the options (idempotent; users tune them with <c>Configure&lt;ClusterMembershipOptions&gt;</c>) and
    /// rejects bad settings at start-up instead of at the first probe.
    /// </summary>
    public static IServiceCollection AddClusterMembershipOptions(this IServiceCollection services, Action<ClusterMembershipOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ClusterMembershipOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterMembershipOptions>, ClusterMembershipOptionsValidator>());
        return services;
    }
}
