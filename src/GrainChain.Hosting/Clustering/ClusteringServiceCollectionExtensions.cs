using GrainChain.Hosting.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace GrainChain.Hosting.Clustering;

/// <summary>
/// The service registrations behind the public <c>UseGrainChain…Clustering</c> methods: Orleans' ADO.NET membership
/// table (silos) and gateway list (clients) over the data source registered in the same container.
/// </summary>
internal static class ClusteringServiceCollectionExtensions
{
    /// <summary>A silo's membership table; the silo installs the schema as it starts, before the table initialises.</summary>
    public static IServiceCollection AddGrainChainMembershipTable(this IServiceCollection services, ClusteringDatabase database)
    {
        services.AddGrainChainSchemaInstallation();
        services.AddOptions<AdoNetClusteringSiloOptions>().Configure<IServiceProvider>((options, provider) =>
        {
            options.Invariant = database.Invariant;
            options.ConnectionString = null;
            options.DataSource = database.GetDataSource(provider);
        });
        services.AddSingleton<IMembershipTable, AdoNetClusteringTable>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigurationValidator, AdoNetClusteringSiloOptionsValidator>());
        return services;
    }

    /// <summary>A client's gateway list; it never installs the schema and fails clearly when no silo has.</summary>
    public static IServiceCollection AddGrainChainGatewayListProvider(this IServiceCollection services, ClusteringDatabase database)
    {
        services.AddOptions<AdoNetClusteringClientOptions>().Configure<IServiceProvider>((options, provider) =>
        {
            options.Invariant = database.Invariant;
            options.ConnectionString = null;
            options.DataSource = database.GetDataSource(provider);
        });
        services.TryAddSingleton<AdoNetGatewayListProvider>();
        services.AddSingleton<IGatewayListProvider>(provider => new SchemaCheckedGatewayListProvider(
            provider.GetRequiredService<AdoNetGatewayListProvider>(),
            cancellationToken => database.EnsureSchemaInstalledAsync(provider, cancellationToken)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigurationValidator, AdoNetClusteringClientOptionsValidator>());
        return services;
    }
}
