using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Tests.Grains;
using GrainChain.Runtime.Tests.Support;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Lifecycle;

public sealed class IdleCollectionTests
{
    private static async Task<(TestCluster Cluster, ManualTimeProvider Clock)> StartAsync()
    {
        var clock = new ManualTimeProvider();
        var cluster = await TestClusters.StartAsync(silo =>
        {
            silo.UseTimeProvider(clock);
            silo.Configure<GrainCollectionOptions>(o =>
            {
                o.CollectionQuantum = TimeSpan.FromMinutes(1);
                o.CollectionAge = TimeSpan.FromMinutes(10);
            });
        });
        return (cluster, clock);
    }

    [Fact]
    public async Task An_idle_activation_is_collected_after_the_collection_age_and_the_next_call_reactivates_it()
    {
        var (cluster, clock) = await StartAsync();
        await using var _ = cluster;
        var probe = cluster.Probe();
        var grain = cluster.Client.GetGrain<ILifecycleGrain>("idle");
        Assert.Equal(1, await grain.TouchAsync());

        clock.Advance(TimeSpan.FromMinutes(12));

        var reason = await probe.WhenDeactivated("idle").Within();
        Assert.Equal(DeactivationReasonCode.ActivationIdle, reason.ReasonCode);
        Assert.Equal(1, await grain.TouchAsync()); // a fresh activation: its counter starts again
        Assert.Equal(2, probe.Activations);
    }

    [Fact]
    public async Task An_activation_used_within_the_collection_age_is_kept()
    {
        var (cluster, clock) = await StartAsync();
        await using var _ = cluster;
        var runtime = cluster.Primary.Silo.Runtime;
        var grain = cluster.Client.GetGrain<ILifecycleGrain>("busy");
        await grain.TouchAsync();

        for (int minute = 0; minute < 30; minute += 5)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(0, runtime.CollectIdleActivations());
            await grain.TouchAsync();
        }

        Assert.Equal(8, await grain.TouchAsync());
        Assert.Equal(1, cluster.Probe().Activations);
    }

    [Fact]
    public async Task Timer_ticks_run_as_turns_of_the_grain_and_stop_with_it()
    {
        var (cluster, clock) = await StartAsync();
        await using var _ = cluster;
        var grain = cluster.Client.GetGrain<ILifecycleGrain>("ticker");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(10), keepAlive: false);

        for (int tick = 1; tick <= 3; tick++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            // Advance queued the tick as a turn; this call queues behind it and so sees its effect.
            Assert.Equal(tick, await grain.GetTicksAsync());
        }
        Assert.Equal(3, await grain.GetTicksAsync());

        await grain.DeactivateAsync();
        await cluster.Probe().WhenDeactivated("ticker").Within();
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await grain.GetTicksAsync()); // new activation, no timer carried over
    }
}
