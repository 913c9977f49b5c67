using GrainChain.Abstractions.Nodes;
using GrainChain.Grains;
using GrainChain.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace GrainChain.Benchmarks.Network;

/// <summary>
/// The in-process cluster the network load program runs on: TestingHost silos with the ledger grains on the memory
/// backend, as the grain tests set them up, and optionally other settings for the announcement streams' pulling agents.
/// </summary>
public static class NetworkCluster
{
    /// <summary>Long enough for a catch-up resolve of many thousand blocks; the program's own deadlines stop it sooner.</summary>
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromMinutes(3);

    public static async Task<InProcessTestCluster> StartAsync(NetworkLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new InProcessTestClusterBuilder((short)options.Silos);
        // Log files would put disk writes into the measurement.
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddGrainChainStorage(o => o.Backend = GrainChainBackend.Memory).AddGrainChainGrains();
            // AddGrainChainGrains has registered the provider; its options are named after it and may be set again here.
            if (options.PollPeriod is { } period)
                silo.Services.Configure<StreamPullingAgentOptions>(NodeStreams.ProviderName, o => o.GetQueueMsgsTimerPeriod = period);
            if (options.Queues is { } queues)
                silo.Services.Configure<HashRingStreamQueueMapperOptions>(NodeStreams.ProviderName, o => o.TotalQueueCount = queues);
            silo.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        });
        builder.ConfigureClient(client => client.Services.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The stream settings the first silo actually runs with, to print beside the figures.</summary>
    public static string DescribeStreams(InProcessTestCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var services = cluster.Silos[0].ServiceProvider;
        var agent = services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(NodeStreams.ProviderName);
        var mapper = services.GetRequiredService<IOptionsMonitor<HashRingStreamQueueMapperOptions>>().Get(NodeStreams.ProviderName);
        return FormattableString.Invariant(
            $"memory streams '{NodeStreams.ProviderName}': {mapper.TotalQueueCount} queues, pulling agents poll every {agent.GetQueueMsgsTimerPeriod.TotalMilliseconds:0} ms");
    }
}
