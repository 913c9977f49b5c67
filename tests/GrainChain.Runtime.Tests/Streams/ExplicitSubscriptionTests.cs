using GrainChain.Runtime.Streams;
using GrainChain.Runtime.Tests.Support;

namespace GrainChain.Runtime.Tests.Streams;

public sealed class ExplicitSubscriptionTests
{
    [Fact]
    public async Task A_subscribed_grain_receives_every_event_in_order_with_increasing_tokens()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var probe = cluster.StreamProbe();
        var consumer = cluster.Client.GetGrain<IStreamConsumerGrain>("s1#c");
        var handleId = await consumer.SubscribeAsync().Within();

        await cluster.Client.GetGrain<IStreamProducerGrain>("p").PublishAsync(StreamConsumerGrain.Namespace, "s1", 0, 50).Within();
        await probe.WhenReceived("s1#c", 50).Within();

        var received = probe.Received("s1#c");
        Assert.Equal(Enumerable.Range(0, 50), received.Select(e => ((Tick)e.Item!).Number));
        Assert.All(received, e => Assert.Equal(handleId, e.HandleId));
        var tokens = received.Select(e => e.Token!).ToList();
        Assert.Single(tokens.Select(t => t.ProducerId).Distinct());
        Assert.All(tokens.Zip(tokens.Skip(1)), pair => Assert.True(pair.Second.Newer(pair.First)));
    }

    [Fact]
    public async Task Subscriptions_are_listed_by_consumer_and_unsubscribe_stops_delivery()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var probe = cluster.StreamProbe();
        var first = cluster.Client.GetGrain<IStreamConsumerGrain>("s2#first");
        var second = cluster.Client.GetGrain<IStreamConsumerGrain>("s2#second");
        var firstHandle = await first.SubscribeAsync().Within();
        var secondHandle = await second.SubscribeAsync().Within();

        Assert.Equal(firstHandle.ToString("N"), await first.HandleIdsAsync().Within());
        Assert.Equal(secondHandle.ToString("N"), await second.HandleIdsAsync().Within());

        await first.UnsubscribeAllAsync().Within();
        Assert.Equal("", await first.HandleIdsAsync().Within());

        using var metrics = new StreamMetricsRecorder(cluster);
        var producer = cluster.Client.GetGrain<IStreamProducerGrain>("p");
        await producer.PublishAsync(StreamConsumerGrain.Namespace, "s2", 0, 10).Within();
        await probe.WhenReceived("s2#second", 10).Within();

        // The unsubscribed grain's queue was removed before the publish, so nothing was even attempted for it.
        Assert.Empty(probe.Received("s2#first"));
        Assert.Equal(0, metrics["grainchain.streams.deliveries.failed"]);

        // Subscribing again starts a new subscription that sees only later events.
        var again = await first.SubscribeAsync().Within();
        Assert.NotEqual(firstHandle, again);
        await producer.PublishAsync(StreamConsumerGrain.Namespace, "s2", 10, 5).Within();
        await probe.WhenReceived("s2#first", 5).Within();
        Assert.Equal(Enumerable.Range(10, 5), probe.Received("s2#first").Select(e => ((Tick)e.Item!).Number));
        Assert.All(probe.Received("s2#first"), e => Assert.Equal(again, e.HandleId));
    }

    [Fact]
    public async Task A_deactivated_consumer_is_reactivated_by_events_resumes_its_handle_and_loses_nothing()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var probe = cluster.StreamProbe();
        const string key = "s3#sleepy";
        var consumer = cluster.Client.GetGrain<IStreamConsumerGrain>(key);
        var handleId = await consumer.SubscribeAsync().Within();
        var producer = cluster.Client.GetGrain<IStreamProducerGrain>("p");

        await producer.PublishAsync(StreamConsumerGrain.Namespace, "s3", 0, 20).Within();
        await probe.WhenReceived(key, 20).Within();

        await consumer.DeactivateAsync().Within();
        await probe.WhenDeactivated(key).Within();
        Assert.Equal(1, probe.ActivationsOf(key));

        // Published while the consumer has no activation: the deliveries activate it again.
        await producer.PublishAsync(StreamConsumerGrain.Namespace, "s3", 20, 30).Within();
        await probe.WhenReceived(key, 50).Within();

        Assert.Equal(2, probe.ActivationsOf(key));
        var received = probe.Received(key);
        Assert.Equal(Enumerable.Range(0, 50), received.Select(e => ((Tick)e.Item!).Number));
        Assert.All(received, e => Assert.Equal(handleId, e.HandleId));
        Assert.Equal(handleId.ToString("N"), await consumer.HandleIdsAsync().Within());
    }

    [Fact]
    public async Task Subscribing_without_the_pub_sub_store_fails_with_the_store_name()
    {
        await using var cluster = await StreamTestCluster.StartAsync(withPubSubStore: false);
        var consumer = cluster.Client.GetGrain<IStreamConsumerGrain>("s4#c");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => consumer.SubscribeAsync().Within());
        Assert.Contains("'Default'", error.Message);
        Assert.Contains("AddMemoryGrainStorage", error.Message);
    }

    [Fact]
    public async Task A_batch_arrives_in_order()
    {
        await using var cluster = await StreamTestCluster.StartAsync(o => o.MaxEventsPerDelivery = 7);
        var probe = cluster.StreamProbe();
        await cluster.Client.GetGrain<IStreamConsumerGrain>("s5#c").SubscribeAsync().Within();

        await cluster.Client.GetGrain<IStreamProducerGrain>("p").PublishBatchAsync(StreamConsumerGrain.Namespace, "s5", 0, 100).Within();
        await probe.WhenReceived("s5#c", 100).Within();

        Assert.Equal(Enumerable.Range(0, 100), probe.Received("s5#c").Select(e => ((Tick)e.Item!).Number));
    }
}
