using GrainChain.Runtime.GrainDirectory;
using GrainChain.Runtime.Membership;
using static GrainChain.Runtime.Tests.GrainDirectory.MembershipViews;

namespace GrainChain.Runtime.Tests.GrainDirectory;

public sealed class ConsistentRingTests
{
    private static readonly GrainId[] Ids = GrainIds(20_000);

    [Fact]
    public void An_empty_ring_owns_nothing()
    {
        Assert.Null(ConsistentRing.Empty.Owner(GrainIdOf(1)));
        var ring = ConsistentRing.From(Of(3, (Silo(1), SiloStatus.Joining), (Silo(2), SiloStatus.Dead)));
        Assert.True(ring.IsEmpty);
        Assert.Null(ring.Owner(GrainIdOf(1)));
        Assert.Equal(3, ring.Version);
    }

    [Fact]
    public void A_single_silo_owns_every_grain()
    {
        var silo = Silo(11111);
        var ring = ConsistentRing.From(Active(1, silo));
        Assert.All(Ids.Take(1000), id => Assert.Equal(silo, ring.Owner(id)));
    }

    [Fact]
    public void Rings_built_separately_from_the_same_silos_agree_on_every_owner()
    {
        var silos = Silos(7);
        var first = ConsistentRing.From(Active(4, silos));
        // Another process: other instances of equal addresses, listed in another order, at another table version.
        var copies = silos.Reverse().Select(s => SiloAddress.Parse(s.ToString())).ToArray();
        var second = ConsistentRing.From(Of(9, [.. copies.Select(s => (s, SiloStatus.Active)), (Silo(20000), SiloStatus.Joining)]));

        Assert.All(Ids, id => Assert.Equal(first.Owner(id), second.Owner(id)));
    }

    [Fact]
    public void Only_active_silos_own_grains()
    {
        var active = Silos(3);
        var view = Of(2, (active[0], SiloStatus.Active), (active[1], SiloStatus.Active), (active[2], SiloStatus.Active),
            (Silo(12000), SiloStatus.Joining), (Silo(12001), SiloStatus.ShuttingDown), (Silo(12002), SiloStatus.Dead));
        var ring = ConsistentRing.From(view);

        Assert.Equal(active.OrderBy(s => s.ToString(), StringComparer.Ordinal), ring.Silos);
        var owners = Ids.Select(ring.Owner).ToHashSet();
        Assert.Equal(active.ToHashSet(), owners!);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(20)]
    public void Grains_spread_over_silos_within_reason(int siloCount)
    {
        var ring = ConsistentRing.From(Active(1, Silos(siloCount)));
        var counts = Ids.GroupBy(id => ring.Owner(id)!).ToDictionary(g => g.Key, g => g.Count());

        double fair = (double)Ids.Length / siloCount;
        Assert.Equal(siloCount, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count / fair, 0.5, 1.6));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(12)]
    public void Adding_a_silo_moves_about_its_share_of_grains_and_only_to_it(int siloCount)
    {
        var silos = Silos(siloCount);
        var before = ConsistentRing.From(Active(1, silos));
        var newcomer = Silo(13000);
        var after = ConsistentRing.From(Active(2, [.. silos, newcomer]));

        var moved = Ids.Where(id => !Equals(before.Owner(id), after.Owner(id))).ToList();

        Assert.All(moved, id => Assert.Equal(newcomer, after.Owner(id)));
        double share = (double)moved.Count / Ids.Length;
        double fair = 1.0 / (siloCount + 1);
        Assert.InRange(share, fair * 0.5, fair * 1.6);
    }

    [Fact]
    public void Removing_a_silo_moves_only_its_grains()
    {
        var silos = Silos(6);
        var before = ConsistentRing.From(Active(1, silos));
        var after = ConsistentRing.From(Of(2, [.. silos.Select(s => (s, s == silos[2] ? SiloStatus.Dead : SiloStatus.Active))]));

        foreach (var id in Ids)
        {
            if (before.Owner(id) == silos[2])
            {
                Assert.NotEqual(silos[2], after.Owner(id));
            }
            else
            {
                Assert.Equal(before.Owner(id), after.Owner(id));
            }
        }
    }

    [Fact]
    public void A_restarted_silo_is_a_different_place_on_the_ring()
    {
        var others = Silos(3);
        var old = Silo(14000, generation: 1);
        var restarted = Silo(14000, generation: 2);
        var before = ConsistentRing.From(Active(1, [.. others, old]));
        var after = ConsistentRing.From(Active(2, [.. others, restarted]));

        var ownedBefore = Ids.Where(id => before.Owner(id) == old).ToHashSet();
        var ownedAfter = Ids.Where(id => after.Owner(id) == restarted).ToHashSet();
        Assert.NotEmpty(ownedBefore);
        Assert.NotEmpty(ownedAfter);
        Assert.NotEqual(ownedBefore, ownedAfter);
    }

    [Fact]
    public void More_virtual_points_spread_grains_more_evenly()
    {
        var silos = Silos(10);
        double Spread(int points)
        {
            var ring = ConsistentRing.From(Active(1, silos), points);
            var counts = Ids.GroupBy(id => ring.Owner(id)!).Select(g => (double)g.Count()).ToList();
            return counts.Max() / counts.Min();
        }

        Assert.True(Spread(256) < Spread(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConsistentRing.From(Active(1, silos), 0));
    }
}
