using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Tests.Membership;

public sealed class ProbeRingTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 3)]
    [InlineData(3, 3)]
    [InlineData(4, 3)]
    [InlineData(17, 3)]
    [InlineData(17, 1)]
    [InlineData(40, 5)]
    public void Every_silo_is_probed_by_as_many_others_as_it_probes(int silos, int probed)
    {
        var members = Enumerable.Range(0, silos).Select(i => AgentTestCluster.Silo(11000 + i, 7)).ToArray();

        var targets = members.ToDictionary(silo => silo, silo => ProbeRing.Successors(members, silo, probed));

        var expected = Math.Min(probed, silos - 1);
        Assert.All(targets, pair =>
        {
            Assert.Equal(expected, pair.Value.Count);
            Assert.DoesNotContain(pair.Key, pair.Value);
            Assert.Equal(pair.Value.Count, pair.Value.Distinct().Count());
        });
        var probedBy = members.ToDictionary(silo => silo, silo => targets.Count(pair => pair.Value.Contains(silo)));
        Assert.All(probedBy.Values, count => Assert.Equal(expected, count));
    }

    [Fact]
    public void The_choice_does_not_depend_on_the_order_the_view_lists_silos()
    {
        var members = Enumerable.Range(0, 9).Select(i => AgentTestCluster.Silo(12000 + i)).ToArray();
        var self = members[4];

        Assert.Equal(ProbeRing.Successors(members, self, 3), ProbeRing.Successors(members.Reverse(), self, 3));
    }

    [Fact]
    public void A_silo_missing_from_the_view_still_gets_its_place_on_the_ring()
    {
        var members = Enumerable.Range(0, 5).Select(i => AgentTestCluster.Silo(13000 + i)).ToArray();
        var self = AgentTestCluster.Silo(13999);

        var successors = ProbeRing.Successors(members, self, 2);

        Assert.Equal(2, successors.Count);
        Assert.Equal(successors, ProbeRing.Successors(members.Append(self), self, 2));
    }

    [Fact]
    public void The_hash_is_fixed_by_definition()
    {
        // FNV-1a 64 test vectors: the empty string is the offset basis; "a" is a published value.
        Assert.Equal(14695981039346656037UL, ProbeRing.Hash(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL, ProbeRing.Hash("a"));
    }
}
