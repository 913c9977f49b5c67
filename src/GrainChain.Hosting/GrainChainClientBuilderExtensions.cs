using System.Net;
using GrainChain.Abstractions.Nodes;
using GrainChain.Hosting.Clustering;
using GrainChain.Hosting.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;

namespace GrainChain.Hosting;

/// <summary>
/// <c>AddGrainChain</c> for cluster clients: the cluster id and how to find gateways — the membership table on SQLite
/// or PostgreSQL (the live silos' gateways), or the configured gateway port on this machine for the memory backend;
/// and the announcement stream provider, so the client can subscribe to nodes' streams.
/// </summary>
public static class GrainChainClientBuilderExtensions
{
    public static IClientBuilder AddGrainChain(this IClientBuilder builder, Action<GrainChainOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = GrainChainSettings.Read(builder.Configuration, configure);
        builder.Services.AddSingleton(Options.Create(options));
        builder.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });

        // Ledger and GrainChain exceptions (a rejected block, a malformed value) reach callers as themselves.
        builder.Services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("GrainChain"));
        // A client reaches a stream only through a provider of its own under the silos' name: without it, watching
        // nodes' announcements and tips (grainchain watch) fails with "no stream provider".
        builder.AddMemoryStreams(NodeStreams.ProviderName);
        builder.AddMemoryStreams(NodeStreams.EventsProviderName, streams => streams.ConfigurePartitioning(2));
        switch (options.Backend)
        {
            case GrainChainBackend.Memory:
                builder.UseStaticClustering(new IPEndPoint(IPAddress.Parse(options.AdvertisedAddress), options.GatewayPort));
                break;
            case GrainChainBackend.Sqlite:
                builder.Services.AddGrainChainDatabase(options);
                builder.UseGrainChainSqliteClustering();
                break;
            case GrainChainBackend.Postgres:
                builder.Services.AddGrainChainDatabase(options);
                builder.UseGrainChainPostgresClustering();
                break;
        }

        return builder;
    }
}
