using GrainChain.Runtime.Streams;
using GrainChain.Runtime.Tests.Support;

namespace GrainChain.Runtime.Tests.Streams;

public sealed class ImplicitSubscriptionTests
{
    [Fact]
    public async Task An_event_activates_the_grain_whose_key_is_the_stream_key_and_it_receives_the_stream()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var probe = cluster.StreamProbe();

        await cluster.Client.GetGrain<IStreamProducerGrain>("p").PublishAsync(ImplicitConsumerGrain.Namespace, "alpha", 0, 30).Within();
        await probe.WhenReceived("implicit:alpha", 30).Within();

        Assert.Equal(Enumerable.Range(0, 30), probe.Received("implicit:alpha").Select(e => ((Tick)e.Item!).Number));
        Assert.Equal(1, probe.ActivationsOf("implicit:alpha"));
        Assert.Equal(0, probe.ActivationsOf("implicit:beta"));
        Assert.Equal(1, await cluster.Client.GetGrain<IImplicitConsumerGrain>("alpha").HandleCountAsync().Within());
    }

    [Fact]
    public async Task The_implicit_handle_is_stable_and_events_of_another_namespace_do_not_reach_the_grain()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var probe = cluster.StreamProbe();
        var producer = cluster.Client.GetGrain<IStreamProducerGrain>("p");

        await producer.PublishAsync(ImplicitConsumerGrain.Namespace, "gamma", 0, 3).Within();
        await producer.PublishAsync(StreamConsumerGrain.Namespace, "gamma", 0, 3).Within();
        await producer.PublishAsync(ImplicitConsumerGrain.Namespace, "gamma", 3, 3).Within();
        await probe.WhenReceived("implicit:gamma", 6).Within();

        var received = probe.Received("implicit:gamma");
        Assert.Equal(Enumerable.Range(0, 6), received.Select(e => ((Tick)e.Item!).Number));
        var expectedId = ImplicitStreamSubscriptionTable.SubscriptionId(
            StreamTestCluster.Provider, new GrainType("implicitconsumer"), StreamId.Create(ImplicitConsumerGrain.Namespace, "gamma"));
        Assert.All(received, e => Assert.Equal(expectedId, e.HandleId));
    }

    [Fact]
    public async Task A_client_publishes_to_an_implicit_consumer()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var probe = cluster.StreamProbe();
        var stream = cluster.ClientStream<Tick>(ImplicitConsumerGrain.Namespace, "delta");

        for (int i = 0; i < 10; i++)
        {
            await stream.OnNextAsync(new Tick("client", i)).Within();
        }
        await probe.WhenReceived("implicit:delta", 10).Within();

        Assert.Equal(Enumerable.Range(0, 10), probe.Received("implicit:delta").Select(e => ((Tick)e.Item!).Number));
    }

    [Fact]
    public async Task A_guid_keyed_grain_receives_the_stream_with_its_guid_key_through_SubscribeAsync()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var probe = cluster.StreamProbe();
        var key = Guid.NewGuid();
        var stream = cluster.Client.GetStreamProvider(StreamTestCluster.Provider).GetStream<int>(GuidImplicitConsumerGrain.Namespace, key);

        for (int i = 0; i < 5; i++)
        {
            await stream.OnNextAsync(i).Within();
        }
        await probe.WhenReceived("guid:" + key.ToString("N"), 5).Within();

        Assert.Equal([0, 1, 2, 3, 4], probe.Received("guid:" + key.ToString("N")).Select(e => (int)e.Item!));
        Assert.Equal(5, await cluster.Client.GetGrain<IGuidImplicitConsumerGrain>(key).CountAsync().Within());
        var implicitId = ImplicitStreamSubscriptionTable.SubscriptionId(
            StreamTestCluster.Provider, new GrainType("guidimplicitconsumer"), StreamId.Create(GuidImplicitConsumerGrain.Namespace, key));
        Assert.Equal(1, probe.ActivationsOf("guid:" + key.ToString("N") + ":" + implicitId.ToString("N")));
        // SubscribeAsync registered nothing with the pub-sub grain: the only handle is the implicit one.
        var handles = await stream.GetAllSubscriptionHandles().Within();
        Assert.Empty(handles);
    }
}
