using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Tests.Grains;
using GrainChain.Runtime.Tests.Support;
using GrainChain.Runtime.Tests.Turns;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Calls;

public sealed class CallTimeoutTests
{
    private static async Task<(TestCluster Cluster, ManualTimeProvider Clock, TurnOrderLog Log)> StartAsync()
    {
        var clock = new ManualTimeProvider();
        var log = new TurnOrderLog();
        var cluster = await TestClusters.StartAsync(silo =>
        {
            silo.UseTimeProvider(clock);
            silo.Services.AddSingleton(log);
            silo.Configure<ClientOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        });
        return (cluster, clock, log);
    }

    [Fact]
    public async Task A_call_without_response_fails_with_a_timeout_once_the_clock_passes_its_deadline()
    {
        var (cluster, clock, log) = await StartAsync();
        await using var _ = cluster;
        var grain = cluster.Client.GetGrain<ITurnOrderGrain>("slow");

        var stuck = grain.RunAsync("stuck");
        await log.Started("stuck").Within();

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(stuck.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => stuck.Within());
        Assert.Contains("ITurnOrderGrain", error.Message);
        Assert.Contains("got no response", error.Message);

        // The grain finishes its turn later and serves the next call.
        log.Gate("stuck").SetResult();
        log.Gate("next").SetResult();
        await grain.RunAsync("next").Within();
        Assert.Equal(["start stuck", "end stuck", "start next", "end next"], log.Events);
    }

    [Fact]
    public async Task A_pending_call_still_times_out_after_its_thread_sent_thousands_of_answered_calls()
    {
        var (cluster, clock, log) = await StartAsync();
        await using var _ = cluster;
        var slow = cluster.Client.GetGrain<ITurnOrderGrain>("slow");
        var echo = cluster.Client.GetGrain<IEchoGrain>("fast");

        // All sent from this thread without yielding, so the slow call's slot in the thread's record is reused.
        var stuck = slow.RunAsync("stuck");
        var pings = Enumerable.Range(0, 3000).Select(i => echo.PingAsync(i).AsTask()).ToArray();

        Assert.Equal(Enumerable.Range(0, 3000), await Task.WhenAll(pings).Within());
        await log.Started("stuck").Within();
        Assert.False(stuck.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(11));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => stuck.Within());
        Assert.Contains("got no response", error.Message);
        log.Gate("stuck").SetResult();
    }
}
