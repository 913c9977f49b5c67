using GrainChain.Runtime.Tests.Grains;
using GrainChain.Runtime.Tests.Support;

namespace GrainChain.Runtime.Tests.Calls;

public sealed class GrainCallTests
{
    [Fact]
    public async Task Calls_return_results_of_every_task_shape()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.Client.GetGrain<IEchoGrain>("echo");

        Assert.Equal("hi", await grain.EchoAsync("hi"));
        Assert.Equal(5, await grain.AddAsync(2, 3));
        Assert.Equal("echo/echo|echo", await grain.WhoAmIAsync());
    }

    [Fact]
    public async Task Keys_of_every_kind_reach_the_grain()
    {
        await using var cluster = await TestClusters.StartAsync();
        var guid = Guid.NewGuid();

        Assert.Equal(guid, await cluster.Client.GetGrain<IGuidKeyGrain>(guid).GetKeyAsync());
        Assert.Equal("42:ext", await cluster.Client.GetGrain<ICompoundKeyGrain>(42, "ext").DescribeAsync());
    }

    [Fact]
    public async Task References_are_equal_by_grain_and_interface_and_keep_their_id()
    {
        await using var cluster = await TestClusters.StartAsync();
        var first = cluster.Client.GetGrain<IEchoGrain>("same");
        var second = cluster.Client.GetGrain<IEchoGrain>("same");
        var other = cluster.Client.GetGrain<IEchoGrain>("other");

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, other);
        Assert.Equal(new GrainId(new GrainType("echo"), "same"), first.GetGrainId());
        Assert.Equal("same", first.GetPrimaryKeyString());
    }

    [Fact]
    public async Task A_grain_exception_reaches_the_caller_with_its_type_and_message()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.Client.GetGrain<IEchoGrain>("thrower");

        var thrown = await Assert.ThrowsAsync<LedgerRuleViolatedException>(() => grain.ThrowAsync("nonce too low"));
        Assert.Equal("nonce too low", thrown.Message);

        var later = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.ThrowAfterAwaitAsync("amount is negative"));
        Assert.Contains("amount is negative", later.Message);

        // The grain stays usable.
        Assert.Equal("still here", await grain.EchoAsync("still here"));
    }

    [Fact]
    public async Task An_interface_without_implementation_gives_a_clear_exception_and_the_silo_goes_on()
    {
        await using var cluster = await TestClusters.StartAsync();

        var error = Assert.Throws<ArgumentException>(() => cluster.Client.GetGrain<IOrphanGrain>("x"));
        Assert.Contains("No grain class implements", error.Message);
        Assert.Contains(nameof(IOrphanGrain), error.Message);

        Assert.Equal("ok", await cluster.Client.GetGrain<IEchoGrain>("e").EchoAsync("ok"));
    }

    [Fact]
    public async Task An_unknown_grain_type_fails_the_call_with_a_clear_exception_and_the_silo_goes_on()
    {
        await using var cluster = await TestClusters.StartAsync();
        var ghost = cluster.Client.GetGrain<IEchoGrain>(new GrainId(new GrainType("no-such-grain"), "k"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ghost.EchoAsync("boo"));
        Assert.Contains("'no-such-grain'", error.Message);
        Assert.Contains("not known", error.Message);

        Assert.Equal("ok", await cluster.Client.GetGrain<IEchoGrain>("e").EchoAsync("ok"));
    }

    [Fact]
    public async Task A_key_of_the_wrong_kind_gives_a_clear_exception_and_the_silo_goes_on()
    {
        await using var cluster = await TestClusters.StartAsync();

        var error = Assert.Throws<ArgumentException>(() => cluster.Client.GetGrain(typeof(IEchoGrain), 42L));
        Assert.Contains("string keys, not by integer keys", error.Message);

        var grain = cluster.Client.GetGrain<IEchoGrain>("e");
        Assert.Throws<InvalidOperationException>(() => grain.GetPrimaryKeyLong());
        Assert.Equal("ok", await grain.EchoAsync("ok"));
        Assert.Equal("ok", await ((IEchoGrain)cluster.Client.GetGrain(typeof(IEchoGrain), "e")).EchoAsync("ok"));
    }

    [Fact]
    public async Task Many_concurrent_callers_to_many_grains_all_get_their_answers()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grains = Enumerable.Range(0, 50).Select(i => cluster.Client.GetGrain<IEchoGrain>($"g{i}")).ToArray();

        var sums = await Task.WhenAll(Enumerable.Range(0, 100).Select(async caller =>
        {
            long sum = 0;
            for (int i = 0; i < 200; i++)
            {
                sum += await grains[(caller + i) % grains.Length].PingAsync(i);
            }
            return sum;
        })).Within(60);

        Assert.All(sums, s => Assert.Equal(199 * 200 / 2, s));
    }
}
