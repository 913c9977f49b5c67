using GrainChain.Runtime.Storage;

namespace GrainChain.Runtime.Tests.Storage;

/// <summary>The contract plus what a durable store adds: records outlive the store instance, and instances share them safely.</summary>
public abstract class DurableGrainStorageContract : GrainStorageContract
{
    [Fact]
    public async Task Records_survive_a_new_store_instance()
    {
        var kept = await Store.WriteAsync("state", "kept", Bytes("kept"), null);
        var changed = await Store.WriteAsync("state", "changed", Bytes("v1"), null);
        changed = await Store.WriteAsync("state", "changed", Bytes("v2"), changed);
        var cleared = await Store.WriteAsync("state", "cleared", Bytes("gone"), null);
        await Store.ClearAsync("state", "cleared", cleared);
        await DisposeStoreAsync(Store);

        var restarted = await OpenStoreAsync();

        AssertRecord(await restarted.ReadAsync("state", "kept"), Bytes("kept"), kept);
        AssertRecord(await restarted.ReadAsync("state", "changed"), Bytes("v2"), changed);
        Assert.Null(await restarted.ReadAsync("state", "cleared"));
        var next = await restarted.WriteAsync("state", "changed", Bytes("v3"), changed);
        AssertRecord(await restarted.ReadAsync("state", "changed"), Bytes("v3"), next);
    }

    [Fact]
    public async Task Two_instances_over_the_same_data_see_each_others_writes_and_conflicts()
    {
        var other = await OpenStoreAsync();
        var first = await Store.WriteAsync("state", "shared", Bytes("from one"), null);

        AssertRecord(await other.ReadAsync("state", "shared"), Bytes("from one"), first);
        var second = await other.WriteAsync("state", "shared", Bytes("from two"), first);

        // The first instance plays a stale duplicate activation: its old ETag must lose.
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.WriteAsync("state", "shared", Bytes("stale"), first));
        Assert.Equal(second, conflict.CurrentETag);
        AssertRecord(await Store.ReadAsync("state", "shared"), Bytes("from two"), second);
    }

    [Fact]
    public async Task Of_writers_racing_through_two_instances_exactly_one_wins()
    {
        var other = await OpenStoreAsync();
        var start = await Store.WriteAsync("state", "contended", Bytes("start"), null);

        var outcomes = await RaceAsync(20, i => (i % 2 == 0 ? Store : other).WriteAsync("state", "contended", Bytes($"writer {i}"), start));

        var winner = Assert.Single(outcomes, o => o.ETag is not null);
        AssertRecord(await other.ReadAsync("state", "contended"), Bytes($"writer {winner.Index}"), winner.ETag!);
    }
}
