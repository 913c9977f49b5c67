using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Streams;
using GrainChain.Runtime.Streams.Hosting;
using GrainChain.Runtime.Streams.PubSub;
using GrainChain.Runtime.Tests.Support;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Cluster;

/// <summary>Producers, pub-sub grains and consumers of one stream on different silos, and silos that die under them.</summary>
public sealed class StreamsAcrossSilosTests
{
    public const string Provider = "cluster-mem";

    [Fact]
    public async Task Explicit_and_implicit_subscribers_on_other_silos_receive_every_event_in_order()
    {
        var probe = new ClusterStreamProbe();
        await using var fixture = await StartAsync(3, probe);
        var cluster = fixture.Cluster;
        var (producerSilo, explicitSilo, implicitSilo) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);

        // One stream key serves both namespaces: its implicit consumer lives on the third silo, and the pub-sub grain
        // of the explicit stream lives away from the producer's silo.
        var streamKey = await FindAsync(cluster, "across", async key =>
            await Where<IClusterImplicitConsumerGrain>(cluster, key) == implicitSilo.SiloAddress.ToString()
            && await PubSubSilo(cluster, ClusterStreamConsumerGrain.Namespace, key) != producerSilo.SiloAddress.ToString());
        var consumerKey = await FindAsync(cluster, streamKey + "#c", async key => await Where<IClusterStreamConsumerGrain>(cluster, key) == explicitSilo.SiloAddress.ToString());
        var producerKey = await FindAsync(cluster, "producer", async key => await Where<IClusterStreamProducerGrain>(cluster, key) == producerSilo.SiloAddress.ToString());
        var producer = cluster.Client.GetGrain<IClusterStreamProducerGrain>(producerKey);

        // The producer's silo has its agent (and has read the empty subscription set) before anyone subscribes, so
        // the subscription reaches it as a push from the pub-sub grain's silo.
        await producer.PublishAsync(ClusterStreamConsumerGrain.Namespace, streamKey, -5, 5).Within();
        var consumer = cluster.Client.GetGrain<IClusterStreamConsumerGrain>(consumerKey);
        await consumer.SubscribeAsync().Within();

        await producer.PublishAsync(ClusterStreamConsumerGrain.Namespace, streamKey, 0, 100).Within(60);
        await producer.PublishBatchAsync(ClusterStreamConsumerGrain.Namespace, streamKey, 100, 50).Within(60);
        await producer.PublishAsync(ClusterImplicitConsumerGrain.Namespace, streamKey, 0, 100).Within(60);
        await producer.PublishBatchAsync(ClusterImplicitConsumerGrain.Namespace, streamKey, 100, 50).Within(60);
        await probe.WhenReceivedAll(consumerKey, Enumerable.Range(0, 150)).Within(60);
        await probe.WhenReceivedAll("implicit:" + streamKey, Enumerable.Range(0, 150)).Within(60);

        // Exactly the events published after SubscribeAsync returned, each once, in order.
        Assert.Equal(Enumerable.Range(0, 150), probe.Numbers(consumerKey));
        Assert.Equal(Enumerable.Range(0, 150), probe.Numbers("implicit:" + streamKey));
        Assert.Equal([explicitSilo.SiloAddress.ToString()], probe.Silos(consumerKey));
        Assert.Equal([implicitSilo.SiloAddress.ToString()], probe.Silos("implicit:" + streamKey));
    }

    [Fact]
    public async Task A_client_receives_events_published_on_other_silos_on_the_silo_it_subscribed_from()
    {
        var probe = new ClusterStreamProbe();
        await using var fixture = await StartAsync(3, probe);
        var cluster = fixture.Cluster;
        const int Events = 60;
        var received = new List<int>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = cluster.Client.GetStreamProvider(Provider).GetStream<SiloTick>(ClusterStreamConsumerGrain.Namespace, "client-stream");
        await stream.SubscribeAsync((tick, _) =>
        {
            // Observer calls of one subscription are turns of the client endpoint: one at a time.
            received.Add(tick.Number);
            if (received.Count == Events)
            {
                all.TrySetResult();
            }
            return Task.CompletedTask;
        }).Within();

        // Producers on both other silos, each publishing its own half in order.
        var producers = new List<IClusterStreamProducerGrain>();
        foreach (var silo in cluster.Silos.Skip(1))
        {
            var key = await FindAsync(cluster, "client-producer", async k => await Where<IClusterStreamProducerGrain>(cluster, k) == silo.SiloAddress.ToString());
            producers.Add(cluster.Client.GetGrain<IClusterStreamProducerGrain>(key));
        }
        Assert.Equal(2, producers.Distinct().Count());
        await Task.WhenAll(
            producers[0].PublishAsync(ClusterStreamConsumerGrain.Namespace, "client-stream", 0, Events / 2),
            producers[1].PublishAsync(ClusterStreamConsumerGrain.Namespace, "client-stream", Events / 2, Events / 2)).Within(60);
        await all.Task.Within(60);

        Assert.Equal(Enumerable.Range(0, Events / 2), received.Where(n => n < Events / 2));
        Assert.Equal(Enumerable.Range(Events / 2, Events / 2), received.Where(n => n >= Events / 2));
    }

    [Fact]
    public async Task The_subscription_of_a_client_whose_silo_died_is_removed_by_the_next_delivery()
    {
        var probe = new ClusterStreamProbe();
        await using var fixture = await StartAsync(3, probe);
        var cluster = fixture.Cluster;
        var victim = cluster.Silos[2];
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var victimClient = victim.ServiceProvider.GetRequiredService<IClusterClient>();
        await victimClient.GetStreamProvider(Provider).GetStream<SiloTick>(ClusterStreamConsumerGrain.Namespace, "orphan")
            .SubscribeAsync((_, _) =>
            {
                first.TrySetResult();
                return Task.CompletedTask;
            }).Within();
        var producerKey = await FindAsync(cluster, "orphan-producer", async key => await Where<IClusterStreamProducerGrain>(cluster, key) == cluster.Silos[0].SiloAddress.ToString());
        var producer = cluster.Client.GetGrain<IClusterStreamProducerGrain>(producerKey);
        await producer.PublishAsync(ClusterStreamConsumerGrain.Namespace, "orphan", 0, 1).Within();
        await first.Task.Within();

        await cluster.KillSiloAsync(victim);
        await cluster.WaitForLivenessToStabilizeAsync().Within(60);

        // The next delivery finds the client's silo dead and removes the subscription instead of retrying it for ever.
        await producer.PublishAsync(ClusterStreamConsumerGrain.Namespace, "orphan", 1, 1).Within();
        var pubSub = cluster.Client.GetGrain<IPubSubRendezvousGrain>(PubSubGrainKey.For(Provider, StreamId.Create(ClusterStreamConsumerGrain.Namespace, "orphan")));
        await WaitUntilAsync(async () => (await pubSub.GetSubscriptionsAsync()).Entries.Count == 0).Within(60);
    }

    /// <summary>Asks again until the condition holds (each question is a grain call, so this never spins idle).</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        while (!await condition())
        {
        }
    }

    [Fact]
    public async Task Streams_keep_delivering_after_a_silo_dies()
    {
        var probe = new ClusterStreamProbe();
        await using var fixture = await StartAsync(3, probe, silo =>
        {
            silo.Configure<SiloOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
            silo.Configure<ClientOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        });
        var cluster = fixture.Cluster;
        var (producerSilo, survivor, victim) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);
        var victimName = victim.SiloAddress.ToString();

        // The pub-sub grain of the explicit stream, an explicit subscriber and the implicit subscriber all live on
        // the silo that will die; another explicit subscriber lives on a silo that survives.
        var streamKey = await FindAsync(cluster, "failover", async key =>
            await Where<IClusterImplicitConsumerGrain>(cluster, key) == victimName
            && await PubSubSilo(cluster, ClusterStreamConsumerGrain.Namespace, key) == victimName);
        var doomedKey = await FindAsync(cluster, streamKey + "#doomed", async key => await Where<IClusterStreamConsumerGrain>(cluster, key) == victimName);
        var steadyKey = await FindAsync(cluster, streamKey + "#steady", async key => await Where<IClusterStreamConsumerGrain>(cluster, key) == survivor.SiloAddress.ToString());
        var producerKey = await FindAsync(cluster, "producer", async key => await Where<IClusterStreamProducerGrain>(cluster, key) == producerSilo.SiloAddress.ToString());
        await cluster.Client.GetGrain<IClusterStreamConsumerGrain>(doomedKey).SubscribeAsync().Within();
        await cluster.Client.GetGrain<IClusterStreamConsumerGrain>(steadyKey).SubscribeAsync().Within();
        var implicitKey = "implicit:" + streamKey;
        var explicitConsumers = new[] { doomedKey, steadyKey };

        var producer = cluster.Client.GetGrain<IClusterStreamProducerGrain>(producerKey);
        await PublishBothAsync(producer, streamKey, 0, 20);
        foreach (var consumer in explicitConsumers.Append(implicitKey))
        {
            await probe.WhenReceivedAll(consumer, Enumerable.Range(0, 20)).Within(60);
        }

        await cluster.KillSiloAsync(victim);
        await cluster.WaitForLivenessToStabilizeAsync().Within(60);

        // Published after the cluster settled: every event reaches every subscriber, the moved ones re-activated
        // elsewhere with their explicit subscriptions read back from the pub-sub grain's store.
        await PublishBothAsync(producer, streamKey, 20, 40);
        foreach (var consumer in explicitConsumers.Append(implicitKey))
        {
            await probe.WhenReceivedAll(consumer, Enumerable.Range(20, 40)).Within(60);
            AssertInOrder(probe.Numbers(consumer), from: 20, count: 40, consumer);
        }
        Assert.Contains(survivor.SiloAddress.ToString(), probe.Silos(steadyKey));
        Assert.NotEqual(victimName, await Where<IClusterStreamConsumerGrain>(cluster, doomedKey));
        Assert.NotEqual(victimName, await Where<IClusterImplicitConsumerGrain>(cluster, streamKey));
        Assert.Equal(1, await cluster.Client.GetGrain<IClusterStreamConsumerGrain>(doomedKey).HandleCountAsync().Within());

        // A subscription made after the failover goes through the re-activated pub-sub grain to the producer's silo.
        var lateKey = streamKey + "#late";
        await cluster.Client.GetGrain<IClusterStreamConsumerGrain>(lateKey).SubscribeAsync().Within();
        await PublishBothAsync(producer, streamKey, 60, 20);
        foreach (var consumer in explicitConsumers.Append(implicitKey).Append(lateKey))
        {
            await probe.WhenReceivedAll(consumer, Enumerable.Range(60, 20)).Within(60);
        }
        Assert.Equal(Enumerable.Range(60, 20), probe.Numbers(lateKey));
    }

    private static async Task PublishBothAsync(IClusterStreamProducerGrain producer, string streamKey, int from, int count)
    {
        await producer.PublishAsync(ClusterStreamConsumerGrain.Namespace, streamKey, from, count).Within(60);
        await producer.PublishAsync(ClusterImplicitConsumerGrain.Namespace, streamKey, from, count).Within(60);
    }

    /// <summary>Delivery is at-least-once: a moved consumer may see an event twice, but the first sightings are in order.</summary>
    private static void AssertInOrder(IReadOnlyList<int> received, int from, int count, string consumer)
    {
        var firstSightings = received.Where(n => n >= from && n < from + count).Distinct().ToList();
        Assert.True(Enumerable.Range(from, count).SequenceEqual(firstSightings),
            $"{consumer} received {string.Join(",", received)}");
    }

    private static async Task<ClusterFixture> StartAsync(int silos, ClusterStreamProbe probe, Action<ISiloBuilder>? configure = null) =>
        await ClusterTestHost.StartAsync(silos, silo =>
        {
            silo.Services.AddSingleton(probe);
            silo.AddMemoryStreams(Provider, options =>
            {
                // Subscriptions live in the store every silo shares, so a pub-sub grain that moves finds them.
                options.PubSubStorageName = "cluster-store";
                options.RetryBackoff = TimeSpan.FromMilliseconds(5);
                options.MaxRetryBackoff = TimeSpan.FromMilliseconds(50);
            });
            configure?.Invoke(silo);
        });

    /// <summary>The first key "{prefix}-{n}" that satisfies <paramref name="fits"/> (random placement makes each try a coin flip).</summary>
    private static async Task<string> FindAsync(TestCluster cluster, string prefix, Func<string, Task<bool>> fits)
    {
        for (int i = 0; i < 300; i++)
        {
            var key = $"{prefix}-{i}";
            if (await fits(key).Within())
            {
                return key;
            }
        }
        throw new InvalidOperationException($"No key with prefix {prefix} landed where the test needs it.");
    }

    private static Task<string> Where<TGrain>(TestCluster cluster, string key) where TGrain : IGrainWithStringKey
    {
        var grain = cluster.Client.GetGrain<TGrain>(key);
        return grain switch
        {
            IClusterImplicitConsumerGrain g => g.WhereAsync(),
            IClusterStreamConsumerGrain g => g.WhereAsync(),
            IClusterStreamProducerGrain g => g.WhereAsync(),
            _ => throw new ArgumentException(typeof(TGrain).Name),
        };
    }

    /// <summary>Activates the stream's pub-sub grain and returns the silo it runs on.</summary>
    private static async Task<string> PubSubSilo(TestCluster cluster, string streamNamespace, string key)
    {
        var pubSubKey = PubSubGrainKey.For(Provider, StreamId.Create(streamNamespace, key));
        await cluster.Client.GetGrain<IPubSubRendezvousGrain>(pubSubKey).GetSubscriptionsAsync();
        var grainId = new GrainId(new GrainType("sys.stream-pubsub"), pubSubKey);
        return cluster.Silos.Single(s => s.Silo.Runtime.Catalog.Activations.Any(a => a.GrainId == grainId)).SiloAddress.ToString();
    }
}
