using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Streams;
using GrainChain.Runtime.Tests.Serialization;
using GrainChain.Runtime.Tests.Support;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.References;

/// <summary>Grain references cross calls as arguments and results, alone and inside collections and records.</summary>
public sealed class ReferencePassingTests
{
    private static IGrainSerializer Serializer(TestCluster cluster) => cluster.ServiceProvider.GetRequiredService<IGrainSerializer>();

    [Fact]
    public async Task A_reference_passed_as_an_argument_is_called_through_by_the_receiving_grain()
    {
        await using var cluster = await TestClusters.StartAsync();
        var relay = cluster.Client.GetGrain<IRelayGrain>("relay");
        var greeter = cluster.Client.GetGrain<IGreeterGrain>("alice");

        Assert.Equal("alice greets bob", await relay.CallThroughAsync(greeter, "bob"));
    }

    [Fact]
    public async Task A_reference_returned_by_a_grain_can_be_called_by_the_caller()
    {
        await using var cluster = await TestClusters.StartAsync();
        var relay = cluster.Client.GetGrain<IRelayGrain>("r1");

        var partner = await relay.GetPartnerAsync();

        Assert.Equal(cluster.Client.GetGrain<IGreeterGrain>("partner-of-r1"), partner);
        Assert.Equal("partner-of-r1 greets carol", await partner.GreetAsync("carol"));
    }

    [Fact]
    public async Task A_list_of_references_is_copied_into_the_call_and_each_is_callable()
    {
        await using var cluster = await TestClusters.StartAsync();
        var relay = cluster.Client.GetGrain<IRelayGrain>("relay");
        var targets = new List<IGreeterGrain> { cluster.Client.GetGrain<IGreeterGrain>("a"), cluster.Client.GetGrain<IGreeterGrain>("b") };

        Assert.Equal(["a greets x", "b greets x"], await relay.GreetAllAsync(targets, "x"));
    }

    [Fact]
    public async Task A_record_of_references_round_trips_through_a_call()
    {
        await using var cluster = await TestClusters.StartAsync();
        var relay = cluster.Client.GetGrain<IRelayGrain>("relay");
        var key = Guid.NewGuid();
        var sent = new Contacts(
            cluster.Client.GetGrain<IGreeterGrain>("p"),
            [cluster.Client.GetGrain<IGreeterGrain>("o1"), cluster.Client.GetGrain<IGreeterGrain>("o2")],
            cluster.Client.GetGrain<IGuidGreeterGrain>(key),
            relay.GetGrainId(),
            StreamId.Create("blocks", key));

        var received = await relay.ForwardAsync(sent);

        Assert.NotSame(sent.Others, received.Others);
        AssertSameContacts(sent, received);
        Assert.Equal("o2 greets y", await received.Others[1].GreetAsync("y"));
        Assert.Equal(key, await received.Backup!.GetKeyAsync());
    }

    [Fact]
    public async Task A_serialized_record_of_references_reads_back_as_callable_proxies_of_the_same_grains()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = Guid.NewGuid();
        var sent = new Contacts(
            cluster.Client.GetGrain<IGreeterGrain>("p"),
            [cluster.Client.GetGrain<IGreeterGrain>("o1")],
            cluster.Client.GetGrain<IGuidGreeterGrain>(key),
            cluster.Client.GetGrain<IGreeterGrain>("p").GetGrainId(),
            StreamId.Create("tx", "k"));

        var received = Serializer(cluster).RoundTrip(sent);

        Assert.NotSame(sent.Primary, received.Primary);
        AssertSameContacts(sent, received);
        Assert.Equal("p greets z", await received.Primary.GreetAsync("z"));
        Assert.Equal(key, await received.Backup!.GetKeyAsync());
    }

    [Fact]
    public async Task A_null_reference_in_a_record_stays_null()
    {
        await using var cluster = await TestClusters.StartAsync();
        var sent = new Contacts(cluster.Client.GetGrain<IGreeterGrain>("p"), [], null, default, default);

        var received = Serializer(cluster).RoundTrip(sent);

        Assert.Null(received.Backup);
        Assert.True(received.Origin.IsDefault);
        Assert.True(received.Feed.IsDefault);
    }

    [Fact]
    public async Task A_reference_typed_by_a_base_interface_reads_back_as_the_full_proxy()
    {
        await using var cluster = await TestClusters.StartAsync();
        IGrain sent = cluster.Client.GetGrain<IGreeterGrain>("base");

        var received = Serializer(cluster).RoundTrip(sent);

        var greeter = Assert.IsAssignableFrom<IGreeterGrain>(received);
        Assert.Equal("base greets w", await greeter.GreetAsync("w"));
    }

    [Fact]
    public async Task References_held_as_object_round_trip_and_copy_as_themselves()
    {
        await using var cluster = await TestClusters.StartAsync();
        var greeter = cluster.Client.GetGrain<IGreeterGrain>("boxed");
        var bag = new List<object> { greeter, greeter.GetGrainId(), "text" };

        var read = Serializer(cluster).RoundTrip(bag);
        var copied = Serializer(cluster).DeepCopy(bag);

        Assert.Equal(greeter, read[0]);
        Assert.Equal(greeter.GetGrainId(), read[1]);
        Assert.Equal("boxed greets v", await Assert.IsAssignableFrom<IGreeterGrain>(read[0]).GreetAsync("v"));
        Assert.Same(greeter, copied[0]);
    }

    [Fact]
    public async Task Deep_copies_of_references_are_the_same_instance()
    {
        await using var cluster = await TestClusters.StartAsync();
        var greeter = cluster.Client.GetGrain<IGreeterGrain>("same");

        Assert.Same(greeter, Serializer(cluster).DeepCopy(greeter));
        var copied = Serializer(cluster).DeepCopy(new List<IGreeterGrain> { greeter });
        Assert.Same(greeter, Assert.Single(copied));
    }

    [Fact]
    public async Task Serializing_the_grain_object_instead_of_a_reference_is_refused_with_advice()
    {
        await using var cluster = await TestClusters.StartAsync();
        var message = await cluster.Client.GetGrain<IGreeterGrain>("careless").SerializeSelfAsync();

        Assert.Contains("GreeterGrain", message);
        Assert.Contains("AsReference", message);
    }

    private static void AssertSameContacts(Contacts expected, Contacts actual)
    {
        Assert.Equal(expected.Primary, actual.Primary);
        Assert.Equal(expected.Others, actual.Others);
        Assert.Equal(expected.Backup, actual.Backup);
        Assert.Equal(expected.Origin, actual.Origin);
        Assert.Equal(expected.Feed, actual.Feed);
    }
}
