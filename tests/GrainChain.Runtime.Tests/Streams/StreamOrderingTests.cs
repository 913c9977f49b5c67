using GrainChain.Runtime.Streams;
using GrainChain.Runtime.Tests.Support;

namespace GrainChain.Runtime.Tests.Streams;

public sealed class StreamOrderingTests
{
    [Fact]
    public async Task Events_of_each_producer_arrive_in_order_while_many_producers_publish_at_once()
    {
        const int producers = 16;
        const int perProducer = 200;
        await using var cluster = await StreamTestCluster.StartAsync(o => o.MaxEventsPerDelivery = 16);
        var probe = cluster.StreamProbe();
        await cluster.Client.GetGrain<IStreamConsumerGrain>("busy#a").SubscribeAsync().Within();
        await cluster.Client.GetGrain<IStreamConsumerGrain>("busy#b").SubscribeAsync().Within();
        var clientLog = new List<Tick>();
        var clientDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await cluster.ClientStream<Tick>(StreamConsumerGrain.Namespace, "busy").SubscribeAsync((tick, _) =>
        {
            lock (clientLog)
            {
                clientLog.Add(tick);
                if (clientLog.Count == producers * perProducer)
                {
                    clientDone.TrySetResult();
                }
            }
            return Task.CompletedTask;
        }).Within();

        // Half the producers publish one by one, half in batches of 25, all at the same time.
        var publishing = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            var producer = cluster.Client.GetGrain<IStreamProducerGrain>($"producer-{p}");
            for (int from = 0; from < perProducer; from += 25)
            {
                if (p % 2 == 0)
                {
                    await producer.PublishAsync(StreamConsumerGrain.Namespace, "busy", from, 25);
                }
                else
                {
                    await producer.PublishBatchAsync(StreamConsumerGrain.Namespace, "busy", from, 25);
                }
            }
        }));
        await Task.WhenAll(publishing).Within(60);
        await probe.WhenReceived("busy#a", producers * perProducer).Within(60);
        await probe.WhenReceived("busy#b", producers * perProducer).Within(60);
        await clientDone.Task.Within(60);

        foreach (var consumer in new[] { "busy#a", "busy#b" })
        {
            var received = probe.Received(consumer);
            AssertInOrderPerProducer(received.Select(e => (Tick)e.Item!).ToList(), producers, perProducer);
            var tokens = received.Select(e => e.Token!).ToList();
            Assert.All(tokens.Zip(tokens.Skip(1)), pair => Assert.True(pair.Second.Newer(pair.First)));
        }
        lock (clientLog)
        {
            AssertInOrderPerProducer(clientLog, producers, perProducer);
        }
    }

    private static void AssertInOrderPerProducer(IReadOnlyList<Tick> ticks, int producers, int perProducer)
    {
        Assert.Equal(producers * perProducer, ticks.Count);
        foreach (var group in ticks.GroupBy(t => t.Producer))
        {
            Assert.Equal(Enumerable.Range(0, perProducer), group.Select(t => t.Number));
        }
        Assert.Equal(producers, ticks.Select(t => t.Producer).Distinct().Count());
    }
}
