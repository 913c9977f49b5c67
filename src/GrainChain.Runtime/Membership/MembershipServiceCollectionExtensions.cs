using GrainChain.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Membership;

/// <summary>
/// Registers the silo's <see cref="IMembershipTable"/>; the last Use… call wins. Registering one makes a silo a
/// cluster member. The silo-builder overloads take the table's ClusterId from <see cref="ClusterOptions"/> unless the
/// callback sets another.
/// </summary>
public static class MembershipServiceCollectionExtensions
{
    /// <summary>
    /// An in-memory table. Pass the same <paramref name="store"/> to several silos in one process to put them in
    /// one cluster; without one, the service provider gets its own.
    /// </summary>
    public static IServiceCollection UseInMemoryMembership(this IServiceCollection services, Action<InMemoryMembershipOptions>? configure = null, InMemoryMembershipStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<InMemoryMembershipOptions>().Configure(configure ?? (_ => { }));
        if (store is null)
        {
            services.TryAddSingleton<InMemoryMembershipStore>();
        }
        else
        {
            services.Replace(ServiceDescriptor.Singleton(store));
        }

        services.Replace(ServiceDescriptor.Singleton<IMembershipTable>(provider => new InMemoryMembershipTable(
            provider.GetRequiredService<InMemoryMembershipStore>(),
            provider.GetRequiredService<IOptions<InMemoryMembershipOptions>>().Value)));
        return services;
    }

    /// <summary>A table in a SQLite file shared by the silo processes of one machine.</summary>
    public static IServiceCollection UseSqliteMembership(this IServiceCollection services, Action<SqliteMembershipOptions> configure) =>
        UseDurableMembership(services, configure, (provider, options) => new SqliteMembershipTable(options, Logger<SqliteMembershipTable>(provider)));

    /// <summary>A table in PostgreSQL, for clusters spanning machines.</summary>
    public static IServiceCollection UsePostgresMembership(this IServiceCollection services, Action<PostgresMembershipOptions> configure) =>
        UseDurableMembership(services, configure, (provider, options) => new PostgresMembershipTable(options, Logger<PostgresMembershipTable>(provider)));

    /// <inheritdoc cref="UseInMemoryMembership(IServiceCollection, Action{InMemoryMembershipOptions}?, InMemoryMembershipStore?)"/>
    public static ISiloBuilder UseInMemoryMembership(this ISiloBuilder builder, Action<InMemoryMembershipOptions>? configure = null, InMemoryMembershipStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<InMemoryMembershipOptions>().Configure<IOptions<ClusterOptions>>((o, cluster) => o.ClusterId = cluster.Value.ClusterId);
        builder.Services.UseInMemoryMembership(configure, store);
        return builder;
    }

    /// <inheritdoc cref="UseSqliteMembership(IServiceCollection, Action{SqliteMembershipOptions})"/>
    public static ISiloBuilder UseSqliteMembership(this ISiloBuilder builder, Action<SqliteMembershipOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SqliteMembershipOptions>().Configure<IOptions<ClusterOptions>>((o, cluster) => o.ClusterId = cluster.Value.ClusterId);
        builder.Services.UseSqliteMembership(configure);
        return builder;
    }

    /// <summary>Lets a cluster client find its gateways in the same table the silos use.</summary>
    public static Client.IClientBuilder UseSqliteMembership(this Client.IClientBuilder builder, Action<SqliteMembershipOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SqliteMembershipOptions>().Configure<IOptions<ClusterOptions>>((o, cluster) => o.ClusterId = cluster.Value.ClusterId);
        builder.Services.UseSqliteMembership(configure);
        return builder;
    }

    /// <inheritdoc cref="UsePostgresMembership(IServiceCollection, Action{PostgresMembershipOptions})"/>
    public static ISiloBuilder UsePostgresMembership(this ISiloBuilder builder, Action<PostgresMembershipOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PostgresMembershipOptions>().Configure<IOptions<ClusterOptions>>((o, cluster) => o.ClusterId = cluster.Value.ClusterId);
        builder.Services.UsePostgresMembership(configure);
        return builder;
    }

    /// <summary>Lets a cluster client find its gateways in the same table the silos use.</summary>
    public static Client.IClientBuilder UsePostgresMembership(this Client.IClientBuilder builder, Action<PostgresMembershipOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PostgresMembershipOptions>().Configure<IOptions<ClusterOptions>>((o, cluster) => o.ClusterId = cluster.Value.ClusterId);
        builder.Services.UsePostgresMembership(configure);
        return builder;
    }

    private static IServiceCollection UseDurableMembership<TOptions>(
        IServiceCollection services, Action<TOptions> configure, Func<IServiceProvider, TOptions, IMembershipTable> create)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TOptions>().Configure(configure);
        services.Replace(ServiceDescriptor.Singleton(provider => create(provider, provider.GetRequiredService<IOptions<TOptions>>().Value)));
        return services;
    }

    private static ILogger<T> Logger<T>(IServiceProvider provider) =>
        provider.GetService<ILogger<T>>() ?? NullLogger<T>.Instance;
}
