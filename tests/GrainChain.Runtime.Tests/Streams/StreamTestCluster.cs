using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Storage;
using GrainChain.Runtime.Streams;
using GrainChain.Runtime.Streams.Hosting;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Streams;

/// <summary>A private one-silo cluster with a memory stream provider, a memory pub-sub store and a probe.</summary>
public static class StreamTestCluster
{
    public const string Provider = "mem";

    public static async Task<TestCluster> StartAsync(
        Action<MemoryStreamOptions>? configure = null, bool withPubSubStore = true, Action<ISiloBuilder>? configureSilo = null)
    {
        var builder = new TestClusterBuilder();
        builder.ConfigureSilo(silo =>
        {
            silo.Services.AddSingleton<StreamProbe>();
            if (withPubSubStore)
            {
                silo.Services.AddMemoryGrainStorage("Default");
            }
            silo.AddMemoryStreams(Provider, options =>
            {
                // Failing deliveries are retried quickly in tests; the policy is the same.
                options.RetryBackoff = TimeSpan.FromMilliseconds(1);
                options.MaxRetryBackoff = TimeSpan.FromMilliseconds(4);
                configure?.Invoke(options);
            });
            configureSilo?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static StreamProbe StreamProbe(this TestCluster cluster) => cluster.ServiceProvider.GetRequiredService<StreamProbe>();

    public static IAsyncStream<T> ClientStream<T>(this TestCluster cluster, string streamNamespace, string key) =>
        cluster.Client.GetStreamProvider(Provider).GetStream<T>(streamNamespace, key);
}
