using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Client;

/// <summary>Lets a cluster client find its gateways in an in-memory membership table shared with silos in the same process.</summary>
public static class ClientMembershipExtensions
{
    /// <summary>
    /// Reads gateways from the in-memory table held by <paramref name="store"/> (the one the silos use). The table's
    /// cluster id is the client's (<see cref="ClusterOptions"/>) unless <paramref name="configure"/> sets another.
    /// </summary>
    public static IClientBuilder UseInMemoryMembership(this IClientBuilder builder, InMemoryMembershipStore store, Action<InMemoryMembershipOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        builder.Services.AddOptions<InMemoryMembershipOptions>().Configure<IOptions<ClusterOptions>>((o, cluster) => o.ClusterId = cluster.Value.ClusterId);
        builder.Services.UseInMemoryMembership(configure, store);
        return builder;
    }
}
