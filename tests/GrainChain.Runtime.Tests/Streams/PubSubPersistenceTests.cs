using GrainChain.Runtime.Storage;
using GrainChain.Runtime.Streams;
using GrainChain.Runtime.Streams.PubSub;
using GrainChain.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Streams;

public sealed class PubSubPersistenceTests
{
    [Fact]
    public async Task Subscriptions_live_in_the_configured_store_and_outlast_the_pub_sub_activation()
    {
        await using var cluster = await StreamTestCluster.StartAsync(o => o.PubSubStorageName = "subscriptions", withPubSubStore: false, configureSilo: silo =>
            silo.Services.AddMemoryGrainStorage("subscriptions"));
        var consumer = cluster.Client.GetGrain<IStreamConsumerGrain>("p1#c");
        var handleId = await consumer.SubscribeAsync().Within();

        var pubSubId = new GrainId(new GrainType("sys.stream-pubsub"),
            PubSubGrainKey.For(StreamTestCluster.Provider, StreamId.Create(StreamConsumerGrain.Namespace, "p1")));
        var store = cluster.ServiceProvider.GetRequiredKeyedService<IGrainStorage>("subscriptions");
        var stored = await store.ReadAsync("stream-pubsub", pubSubId.ToString());
        Assert.NotNull(stored);
        var entry = Assert.Single(PubSubStateCodec.Decode(stored.Data.Span, "test").Entries);
        Assert.Equal(new StreamSubscriptionEntry(handleId, GrainId.Parse("streamconsumer/p1#c")), entry);

        // A fresh pub-sub activation reads the subscription back.
        var catalog = cluster.Primary.Silo.Runtime.Catalog;
        Assert.True(catalog.TryGet(pubSubId, out var activation));
        activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "test"));
        await activation.Deactivated.Within();
        Assert.False(catalog.TryGet(pubSubId, out _));

        Assert.Equal(handleId.ToString("N"), await consumer.HandleIdsAsync().Within());
        Assert.True(catalog.TryGet(pubSubId, out _));
    }
}
