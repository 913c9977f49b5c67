using GrainChain.Runtime.Streams;
using GrainChain.Runtime.Tests.Support;

namespace GrainChain.Runtime.Tests.Streams;

public sealed class DeliveryFailureTests
{
    [Fact]
    public async Task A_throwing_consumer_is_retried_then_the_event_is_dropped_and_others_are_unaffected()
    {
        await using var cluster = await StreamTestCluster.StartAsync(o => o.MaxDeliveryAttempts = 3);
        var probe = cluster.StreamProbe();
        probe.FailWhen = (consumer, item) => consumer == "f1#picky" && item is Tick { Number: 5 };
        using var metrics = new StreamMetricsRecorder(cluster);
        await cluster.Client.GetGrain<IStreamConsumerGrain>("f1#picky").SubscribeAsync().Within();
        await cluster.Client.GetGrain<IStreamConsumerGrain>("f1#easy").SubscribeAsync().Within();

        await cluster.Client.GetGrain<IStreamProducerGrain>("p").PublishAsync(StreamConsumerGrain.Namespace, "f1", 0, 10).Within();
        await probe.WhenReceived("f1#easy", 10).Within();
        await probe.WhenReceived("f1#picky", 9).Within();

        Assert.Equal(Enumerable.Range(0, 10), probe.Received("f1#easy").Select(e => ((Tick)e.Item!).Number));
        Assert.Equal(Enumerable.Range(0, 10).Where(n => n != 5), probe.Received("f1#picky").Select(e => ((Tick)e.Item!).Number));
        // A call to each consumer runs after its last delivery turn, so the counters of those turns are complete.
        await cluster.Client.GetGrain<IStreamConsumerGrain>("f1#picky").HandleIdsAsync().Within();
        await cluster.Client.GetGrain<IStreamConsumerGrain>("f1#easy").HandleIdsAsync().Within();
        // 10 calls for the easy consumer, 9 successful and 3 failed ones for the picky one.
        Assert.Equal(22, probe.Attempts);
        Assert.Equal(3, metrics["grainchain.streams.deliveries.failed"]);
        Assert.Equal(1, metrics["grainchain.streams.events.dropped"]);
        Assert.Equal(19, metrics["grainchain.streams.events.delivered"]);
    }

    [Fact]
    public async Task An_event_of_the_wrong_type_is_reported_to_that_subscriber_and_still_reaches_the_others()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var probe = cluster.StreamProbe();
        using var metrics = new StreamMetricsRecorder(cluster);
        await cluster.Client.GetGrain<IStreamConsumerGrain>("w1#ticks").SubscribeAsync().Within();
        var texts = new List<string>();
        var gotText = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clientError = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        await cluster.ClientStream<string>(StreamConsumerGrain.Namespace, "w1").SubscribeAsync(
            (text, _) =>
            {
                texts.Add(text);
                gotText.TrySetResult();
                return Task.CompletedTask;
            },
            error =>
            {
                clientError.TrySetResult(error);
                return Task.CompletedTask;
            }).Within();

        await cluster.ClientStream<string>(StreamConsumerGrain.Namespace, "w1").OnNextAsync("not a tick").Within();
        await cluster.ClientStream<Tick>(StreamConsumerGrain.Namespace, "w1").OnNextAsync(new Tick("client", 1)).Within();

        await gotText.Task.Within();
        await probe.WhenErrors("w1#ticks", 1).Within();
        await probe.WhenReceived("w1#ticks", 1).Within();

        var mismatch = Assert.IsType<StreamEventTypeMismatchException>(Assert.Single(probe.Errors("w1#ticks")));
        Assert.Equal(typeof(string), mismatch.EventType);
        Assert.Equal(typeof(Tick), mismatch.ExpectedType);
        Assert.Contains("System.String", mismatch.Message);
        Assert.Contains(typeof(Tick).FullName!, mismatch.Message);
        Assert.Equal(new Tick("client", 1), probe.Received("w1#ticks").Single().Item);
        // The string subscriber, in turn, is told about the Tick it cannot take.
        var reverse = Assert.IsType<StreamEventTypeMismatchException>(await clientError.Task.Within());
        Assert.Equal(typeof(Tick), reverse.EventType);
        Assert.Equal(["not a tick"], texts);
        Assert.Equal(2, metrics["grainchain.streams.events.type_mismatch"]);
        Assert.Equal(0, metrics["grainchain.streams.deliveries.failed"]);
    }

    [Fact]
    public async Task A_stuck_consumer_costs_only_its_own_events_and_the_producer_keeps_going()
    {
        await using var cluster = await StreamTestCluster.StartAsync(o =>
        {
            o.MaxQueuedEventsPerSubscriber = 4;
            o.MaxEventsPerDelivery = 1;
            o.QueueFullTimeout = TimeSpan.FromMilliseconds(50);
        });
        var probe = cluster.StreamProbe();
        using var metrics = new StreamMetricsRecorder(cluster);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.Gates["q1#stuck"] = gate;
        await cluster.Client.GetGrain<IStreamConsumerGrain>("q1#stuck").SubscribeAsync().Within();
        await cluster.Client.GetGrain<IStreamConsumerGrain>("q1#fine").SubscribeAsync().Within();

        await cluster.Client.GetGrain<IStreamProducerGrain>("p").PublishAsync(StreamConsumerGrain.Namespace, "q1", 0, 40).Within();
        await probe.WhenReceived("q1#fine", 40).Within();
        Assert.Empty(probe.Received("q1#stuck"));

        gate.SetResult();
        long dropped = metrics["grainchain.streams.events.dropped"];
        Assert.InRange(dropped, 1, 39);
        await probe.WhenReceived("q1#stuck", 40 - (int)dropped).Within();

        var numbers = probe.Received("q1#stuck").Select(e => ((Tick)e.Item!).Number).ToList();
        Assert.Equal(40 - dropped, numbers.Count);
        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(0, numbers[0]);
    }
}
