using GrainChain.Runtime.Streams;
using GrainChain.Runtime.Tests.Support;

namespace GrainChain.Runtime.Tests.Streams;

public sealed class ClientStreamTests
{
    [Fact]
    public async Task The_client_produces_and_consumes_and_can_resume_and_unsubscribe()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var stream = cluster.ClientStream<int>("client-ns", "c1");
        var seen = new List<(int Item, StreamSequenceToken? Token)>();
        var firstFive = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handle = await stream.SubscribeAsync((item, token) =>
        {
            seen.Add((item, token));
            if (seen.Count == 5)
            {
                firstFive.TrySetResult();
            }
            return Task.CompletedTask;
        }).Within();

        for (int i = 0; i < 5; i++)
        {
            await stream.OnNextAsync(i).Within();
        }
        await firstFive.Task.Within();
        Assert.Equal([0, 1, 2, 3, 4], seen.Select(s => s.Item));

        var handles = await stream.GetAllSubscriptionHandles().Within();
        Assert.Equal(handle, Assert.Single(handles));

        // Resuming swaps the observer of the same subscription.
        var resumed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await handles[0].ResumeAsync((item, _) =>
        {
            resumed.TrySetResult(item);
            return Task.CompletedTask;
        }).Within();
        await stream.OnNextAsync(42).Within();
        Assert.Equal(42, await resumed.Task.Within());
        Assert.Equal(5, seen.Count);

        await handle.UnsubscribeAsync().Within();
        Assert.Empty(await stream.GetAllSubscriptionHandles().Within());
    }

    [Fact]
    public async Task The_client_consumes_what_a_grain_produces()
    {
        await using var cluster = await StreamTestCluster.StartAsync();
        var stream = cluster.ClientStream<Tick>(StreamConsumerGrain.Namespace, "c2");
        var seen = new List<Tick>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await stream.SubscribeAsync((tick, _) =>
        {
            seen.Add(tick);
            if (seen.Count == 20)
            {
                done.TrySetResult();
            }
            return Task.CompletedTask;
        }).Within();

        await cluster.Client.GetGrain<IStreamProducerGrain>("maker").PublishAsync(StreamConsumerGrain.Namespace, "c2", 0, 20).Within();
        await done.Task.Within();

        Assert.Equal(Enumerable.Range(0, 20).Select(i => new Tick("maker", i)), seen);
    }

    [Fact]
    public async Task Publishing_with_a_token_or_an_unknown_provider_is_refused_clearly()
    {
        await using var cluster = await StreamTestCluster.StartAsync();

        var stream = cluster.ClientStream<int>("client-ns", "c3");
        await Assert.ThrowsAsync<NotSupportedException>(() => stream.OnNextAsync(1, new StreamSequenceToken(Guid.NewGuid(), 1)));
        var error = Assert.Throws<KeyNotFoundException>(() => cluster.Client.GetStreamProvider("nope"));
        Assert.Contains("AddMemoryStreams(\"nope\")", error.Message);
    }
}
