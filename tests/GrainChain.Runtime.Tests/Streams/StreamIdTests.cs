using GrainChain.Runtime.Streams;

namespace GrainChain.Runtime.Tests.Streams;

public sealed class StreamIdTests
{
    [Fact]
    public void Stream_ids_compare_by_namespace_and_key_and_guid_keys_use_the_grain_key_form()
    {
        var guid = Guid.NewGuid();
        Assert.Equal(StreamId.Create("blocks", guid), StreamId.Create("blocks", GrainIdKeys.FromGuid(guid)));
        Assert.Equal(guid, StreamId.Create("blocks", guid).GetGuidKey());
        Assert.NotEqual(StreamId.Create("blocks", "a"), StreamId.Create("txs", "a"));
        Assert.NotEqual(StreamId.Create("a/b", "c"), StreamId.Create("a", "b/c"));
        Assert.NotEqual(StreamId.Create("a/b", "c").ToUnambiguousString(), StreamId.Create("a", "b/c").ToUnambiguousString());
        Assert.Equal("blocks/7", StreamId.Create("blocks", 7).ToString());
        Assert.Throws<InvalidOperationException>(() => StreamId.Create("blocks", "not-a-guid").GetGuidKey());
    }

    [Fact]
    public void Tokens_order_within_a_producer_and_refuse_comparison_across_producers()
    {
        var producer = Guid.NewGuid();
        var first = new StreamSequenceToken(producer, 1);
        var second = new StreamSequenceToken(producer, 2);
        Assert.True(second.Newer(first));
        Assert.True(first.Older(second));
        Assert.Equal(first, new StreamSequenceToken(producer, 1));
        Assert.Throws<ArgumentException>(() => first.CompareTo(new StreamSequenceToken(Guid.NewGuid(), 1)));
    }

    [Fact]
    public void Implicit_subscription_ids_depend_on_provider_grain_type_and_stream()
    {
        var stream = StreamId.Create("blocks", "n1");
        var id = ImplicitStreamSubscriptionTable.SubscriptionId("mem", new GrainType("node"), stream);
        Assert.Equal(id, ImplicitStreamSubscriptionTable.SubscriptionId("mem", new GrainType("node"), stream));
        Assert.NotEqual(id, ImplicitStreamSubscriptionTable.SubscriptionId("other", new GrainType("node"), stream));
        Assert.NotEqual(id, ImplicitStreamSubscriptionTable.SubscriptionId("mem", new GrainType("peer"), stream));
        Assert.NotEqual(id, ImplicitStreamSubscriptionTable.SubscriptionId("mem", new GrainType("node"), StreamId.Create("blocks", "n2")));
    }
}
