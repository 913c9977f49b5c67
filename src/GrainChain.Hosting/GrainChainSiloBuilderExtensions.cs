using System.Net;
using GrainChain.Hosting.Blocks;
using GrainChain.Hosting.Pending;
using GrainChain.Hosting.Clustering;
using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;

namespace GrainChain.Hosting;

/// <summary>
/// <c>AddGrainChain</c> for silos: cluster identity, endpoints, membership and grain storage on the configured
/// backend. Settings come from the <c>GrainChain</c> section of the host's configuration, then the
/// <c>configure</c> delegate; Orleans' <see cref="ClusterMembershipOptions"/> may be tuned under
/// <c>GrainChain:Membership</c>.
/// </summary>
public static class GrainChainSiloBuilderExtensions
{
    /// <summary>The store of stream subscriptions; kept with the ledger's state so subscriptions survive silos.</summary>
    public const string PubSubStorageName = "PubSubStore";

    /// <summary>Makes this silo a member of the configured GrainChain cluster, with its storage.</summary>
    public static ISiloBuilder AddGrainChain(this ISiloBuilder builder, Action<GrainChainOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = GrainChainSettings.Read(builder.Configuration, configure);
        builder.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        // Ledger and GrainChain exceptions (a rejected block, a malformed value) reach callers as themselves.
        builder.Services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("GrainChain"));
        builder.Services.Configure<ClusterMembershipOptions>(
            builder.Configuration.GetSection($"{GrainChainOptions.SectionName}:Membership"));
        var address = IPAddress.Parse(options.AdvertisedAddress);

        switch (options.Backend)
        {
            case GrainChainBackend.Memory:
                builder.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                break;
            case GrainChainBackend.Sqlite:
                builder.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
                builder.UseGrainChainSqliteClustering();
                break;
            case GrainChainBackend.Postgres:
                // Across machines the advertised address is the one others reach; listen on every interface.
                builder.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                builder.UseGrainChainPostgresClustering();
                break;
        }

        return builder.AddGrainChainStorage(options);
    }

    /// <summary>
    /// Only the storage: the "ledger" grain store, the stream pub-sub store and the block archive on the configured
    /// backend, with the schema installed as the silo starts. For hosts that set up clustering themselves, such as Orleans' TestingHost.
    /// </summary>
    public static ISiloBuilder AddGrainChainStorage(this ISiloBuilder builder, Action<GrainChainOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddGrainChainStorage(GrainChainSettings.Read(builder.Configuration, configure));
    }

    private static ISiloBuilder AddGrainChainStorage(this ISiloBuilder builder, GrainChainOptions options)
    {
        builder.Services.TryAddSingleton(Options.Create(options));
        builder.Services.AddGrainChainBlockArchive(options.Backend);
        builder.Services.AddGrainChainPendingTransactions(options.Backend);
        switch (options.Backend)
        {
            case GrainChainBackend.Memory:
                // The same binary serializer as the relational stores: ledger types serialize only through their
                // Orleans surrogates, which the memory store's default JSON serializer does not see.
                builder.AddMemoryGrainStorage(GrainChainOptions.StorageName);
                builder.AddMemoryGrainStorage(PubSubStorageName);
                builder.Services.AddOptions<MemoryGrainStorageOptions>(GrainChainOptions.StorageName)
                    .Configure<IServiceProvider>((o, services) => o.GrainStorageSerializer = GrainStateSerializer.Create(services));
                break;
            case GrainChainBackend.Sqlite:
                builder.Services.AddGrainChainDatabase(options);
                builder.Services.AddGrainChainSchemaInstallation();
                builder.AddGrainChainSqliteGrainStorage(GrainChainOptions.StorageName);
                builder.AddGrainChainSqliteGrainStorage(PubSubStorageName);
                break;
            case GrainChainBackend.Postgres:
                builder.Services.AddGrainChainDatabase(options);
                builder.Services.AddGrainChainSchemaInstallation();
                builder.AddGrainChainPostgresGrainStorage(GrainChainOptions.StorageName);
                builder.AddGrainChainPostgresGrainStorage(PubSubStorageName);
                break;
        }

        return builder;
    }
}
