using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Tests.Grains;
using GrainChain.Runtime.Tests.Support;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Turns;

public sealed class TurnBasedExecutionTests
{
    [Fact]
    public async Task A_thousand_concurrent_callers_never_overlap_inside_one_grain()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.Client.GetGrain<ITurnCheckGrain>(1);

        var calls = Enumerable.Range(0, 1000).Select(_ => Task.Run(() => grain.EnterAsync())).ToArray();
        var results = await Task.WhenAll(calls).Within(60);

        Assert.Equal(0, await grain.GetOverlapsAsync());
        // Every entry completed exactly once and in some serial order 1..1000.
        Assert.Equal(Enumerable.Range(1, 1000), results.Order());
    }

    [Fact]
    public async Task Requests_to_a_non_reentrant_grain_do_not_interleave()
    {
        var log = new TurnOrderLog();
        await using var cluster = await TestClusters.StartAsync(silo => silo.Services.AddSingleton(log));
        var grain = cluster.Client.GetGrain<ITurnOrderGrain>("plain");
        var grainId = grain.GetGrainId();

        var first = grain.RunAsync("first");
        await log.Started("first").Within();

        // Sending is synchronous up to the activation's queue, so the second request is queued once the call returns.
        var second = grain.RunAsync("second");
        Assert.Equal(1, QueueLength(cluster, grainId));
        Assert.Equal(["start first"], log.Events);

        log.Gate("first").SetResult();
        await first.Within();
        await log.Started("second").Within();
        Assert.Equal(0, QueueLength(cluster, grainId));
        log.Gate("second").SetResult();
        await second.Within();

        Assert.Equal(["start first", "end first", "start second", "end second"], log.Events);
    }

    private static int QueueLength(TestCluster cluster, GrainId grainId) =>
        cluster.ServiceProvider.GetRequiredService<GrainRuntime>().Catalog.TryGet(grainId, out var activation) ? activation.QueueLength : -1;

    [Fact]
    public async Task A_reentrant_grain_interleaves_requests()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.Client.GetGrain<IRendezvousGrain>("r", "reentrant-rendezvous");

        var results = await Task.WhenAll(grain.MeetAsync(0), grain.MeetAsync(1)).Within();

        Assert.Equal(["party 0 met party 1", "party 1 met party 0"], results);
    }

    [Fact]
    public async Task An_always_interleave_method_interleaves_on_a_non_reentrant_grain()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.Client.GetGrain<IRendezvousGrain>("i", "rendezvous");

        var results = await Task.WhenAll(grain.MeetInterleavedAsync(0), grain.MeetInterleavedAsync(1)).Within();

        Assert.Equal(["party 0 met party 1", "party 1 met party 0"], results);
    }

    [Fact]
    public async Task A_call_cycle_between_non_reentrant_grains_ends_in_a_timeout()
    {
        await using var cluster = await TestClusters.StartAsync(silo =>
        {
            silo.Configure<SiloOptions>(o => o.ResponseTimeout = TimeSpan.FromMilliseconds(500));
            silo.Configure<ClientOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        });
        var a = cluster.Client.GetGrain<ICycleGrain>(1);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => a.CallThroughAsync(2).Within());
        Assert.Contains("ICycleGrain", error.Message);
        Assert.Contains("got no response", error.Message);

        // Both grains are free again afterwards.
        Assert.Equal("pong", await a.PingAsync().Within());
        Assert.Equal("pong", await cluster.Client.GetGrain<ICycleGrain>(2).PingAsync().Within());
    }
}
