using System.Text;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Storage;
using GrainChain.Runtime.Tests.Grains;
using GrainChain.Runtime.Tests.Support;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.State;

public sealed class PersistentStateTests
{
    private static Task<TestCluster> StartAsync() => TestClusters.StartAsync(silo =>
    {
        silo.Services.AddMemoryGrainStorage("store");
    });

    private static IGrainStorage Store(TestCluster cluster) => cluster.ServiceProvider.GetRequiredKeyedService<IGrainStorage>("store");

    [Fact]
    public async Task A_deactivated_grain_is_reactivated_by_the_next_call_with_its_persisted_state()
    {
        await using var cluster = await StartAsync();
        var probe = cluster.Probe();
        var grain = cluster.Client.GetGrain<ICounterGrain>("c1");

        Assert.Equal(1, await grain.IncrementAsync("a"));
        Assert.Equal(2, await grain.IncrementAsync("b"));
        await grain.DeactivateAsync();
        await probe.WhenDeactivated("c1").Within();

        Assert.Equal(2, await grain.GetCountAsync());
        Assert.Equal(["a", "b", "deactivated:ApplicationRequested"], await grain.GetHistoryAsync());
        Assert.Equal(2, probe.Activations);
    }

    [Fact]
    public async Task A_write_against_a_stale_etag_throws_InconsistentStateException_at_the_caller()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.Client.GetGrain<ICounterGrain>("c2");
        await grain.IncrementAsync("first");
        var etag = await grain.GetEtagAsync();
        Assert.NotNull(etag);

        // Someone else (a stale duplicate, another process) writes the record first.
        var stored = await Store(cluster).ReadAsync("counter", grain.GetGrainId().ToString());
        Assert.Equal(etag, stored!.ETag);
        await Store(cluster).WriteAsync("counter", grain.GetGrainId().ToString(), stored.Data, etag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.IncrementAsync("second"));
    }

    [Fact]
    public async Task State_that_does_not_deserialize_fails_the_activation_with_a_clear_exception_and_the_silo_goes_on()
    {
        await using var cluster = await StartAsync();
        var broken = cluster.Client.GetGrain<ICounterGrain>("broken");
        await Store(cluster).WriteAsync("counter", broken.GetGrainId().ToString(), Encoding.UTF8.GetBytes("{not json"), null);

        var error = await Assert.ThrowsAsync<GrainSerializationException>(() => broken.GetCountAsync());
        Assert.Contains("'counter'", error.Message);
        Assert.Contains("counter/broken", error.Message);
        Assert.Contains("'store'", error.Message);

        Assert.Equal(1, await cluster.Client.GetGrain<ICounterGrain>("healthy").IncrementAsync("x"));
    }

    [Fact]
    public async Task Clearing_state_removes_the_record_and_resets_the_state()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.Client.GetGrain<ICounterGrain>("c3");
        await grain.IncrementAsync("a");

        await grain.ClearAsync();

        Assert.Equal(0, await grain.GetCountAsync());
        Assert.Null(await grain.GetEtagAsync());
        Assert.Null(await Store(cluster).ReadAsync("counter", grain.GetGrainId().ToString()));
    }

    [Fact]
    public async Task Graceful_shutdown_deactivates_every_grain_and_their_final_writes_persist()
    {
        var cluster = await StartAsync();
        var probe = cluster.Probe();
        var store = Store(cluster);
        var grains = Enumerable.Range(0, 5).Select(i => cluster.Client.GetGrain<ICounterGrain>($"s{i}")).ToArray();
        foreach (var grain in grains)
        {
            await grain.IncrementAsync("x");
        }

        await cluster.StopAllSilosAsync();

        Assert.Equal(5, probe.DeactivationCount);
        foreach (var grain in grains)
        {
            var reason = await probe.WhenDeactivated(grain.GetPrimaryKeyString());
            Assert.Equal(DeactivationReasonCode.ShuttingDown, reason.ReasonCode);
            var stored = await store.ReadAsync("counter", grain.GetGrainId().ToString());
            Assert.Contains("deactivated:ShuttingDown", Encoding.UTF8.GetString(stored!.Data.Span));
            Assert.Contains("deactivated:ShuttingDown", cluster.ServiceProvider.GetRequiredService<IGrainSerializer>()
                .Deserialize<CounterState>(new System.Buffers.ReadOnlySequence<byte>(stored.Data)).History);
        }
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task Arguments_and_results_are_copied_so_caller_and_grain_never_share_mutable_objects()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.Client.GetGrain<IEchoGrain>("copy");
        var sent = new List<int> { 1, 2 };

        var returned = await grain.KeepAndReturnAsync(sent);
        sent.Add(3);
        returned.Add(4);

        Assert.Equal([1, 2], await grain.GetKeptAsync());
        Assert.NotSame(sent, returned);
        Assert.Equal(10, await grain.SumAsync([1, 2, 3, 4]));
    }
}
