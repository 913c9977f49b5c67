using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Placement;
using static GrainChain.Runtime.Tests.GrainDirectory.MembershipViews;

namespace GrainChain.Runtime.Tests.Placement;

public sealed class PlacementServiceTests
{
    private static readonly SiloAddress[] ActiveSilos = Silos(4);
    private static readonly SiloAddress Joining = Silo(12000);
    private static readonly SiloAddress Dead = Silo(12001);

    private static readonly MembershipView View = Of(7,
        [.. ActiveSilos.Select(s => (s, SiloStatus.Active)), (Joining, SiloStatus.Joining), (Dead, SiloStatus.Dead)]);

    [Fact]
    public void Classes_without_an_attribute_are_placed_at_random_among_active_silos()
    {
        var placement = new PlacementService(new Random(42));
        var chosen = GrainIds(2000).Select(g => placement.ChooseSilo(g, typeof(UnmarkedGrain), ActiveSilos[0], View)).ToList();

        Assert.Equal(PlacementStrategy.Random, placement.StrategyOf(typeof(UnmarkedGrain)));
        Assert.Equal(ActiveSilos.ToHashSet(), chosen.ToHashSet());
        Assert.All(chosen.GroupBy(s => s), group => Assert.InRange(group.Count(), 350, 650));
    }

    [Fact]
    public void Random_placement_follows_the_injected_random_source()
    {
        var first = new PlacementService(new Random(7));
        var second = new PlacementService(new Random(7));
        var grain = GrainIdOf(1);

        var a = Enumerable.Range(0, 50).Select(_ => first.ChooseSilo(grain, typeof(RandomGrain), Joining, View)).ToList();
        var b = Enumerable.Range(0, 50).Select(_ => second.ChooseSilo(grain, typeof(RandomGrain), Joining, View)).ToList();

        Assert.Equal(a, b);
        Assert.True(a.Distinct().Count() > 1, "one grain id is placed anew on each call, not by its hash");
    }

    [Fact]
    public void Prefer_local_chooses_the_local_silo_when_it_is_active()
    {
        var placement = new PlacementService(new Random(1));
        Assert.All(GrainIds(100), g => Assert.Equal(ActiveSilos[2], placement.ChooseSilo(g, typeof(LocalGrain), ActiveSilos[2], View)));
    }

    [Fact]
    public void Prefer_local_falls_back_to_a_random_active_silo_when_the_local_one_is_not_active()
    {
        var placement = new PlacementService(new Random(1));
        foreach (var local in new[] { Joining, Dead, Silo(12999) })
        {
            var chosen = GrainIds(400).Select(g => placement.ChooseSilo(g, typeof(LocalGrain), local, View)).ToHashSet();
            Assert.Equal(ActiveSilos.ToHashSet(), chosen);
        }
    }

    [Fact]
    public void Hash_based_placement_picks_the_active_silo_at_the_grain_hash_on_every_caller()
    {
        var first = new PlacementService(new Random(1));
        var second = new PlacementService(new Random(2));
        var active = View.ActiveSilos;

        foreach (var grain in GrainIds(500))
        {
            var expected = active[(int)(grain.GetUniformHashCode() % (uint)active.Length)];
            Assert.Equal(expected, first.ChooseSilo(grain, typeof(HashedGrain), ActiveSilos[0], View));
            Assert.Equal(expected, second.ChooseSilo(grain, typeof(HashedGrain), Joining, View));
        }
    }

    [Theory]
    [InlineData(typeof(UnmarkedGrain))]
    [InlineData(typeof(LocalGrain))]
    [InlineData(typeof(HashedGrain))]
    public void Without_an_active_silo_every_strategy_chooses_the_local_silo(Type grainClass)
    {
        var placement = new PlacementService(new Random(1));
        var local = Silo(12500);
        var noneActive = Of(3, (local, SiloStatus.Joining), (Dead, SiloStatus.Dead));

        Assert.Equal(local, placement.ChooseSilo(GrainIdOf(1), grainClass, local, noneActive));
        Assert.Equal(local, placement.ChooseSilo(GrainIdOf(1), grainClass, local, MembershipView.Empty));
    }

    [Fact]
    public void A_subclass_inherits_its_base_class_strategy_unless_it_names_its_own()
    {
        var placement = new PlacementService();
        Assert.Equal(PlacementStrategy.PreferLocal, placement.StrategyOf(typeof(DerivedLocalGrain)));
        Assert.Equal(PlacementStrategy.HashBased, placement.StrategyOf(typeof(DerivedHashedGrain)));
        Assert.Equal(PlacementStrategy.HashBased, placement.StrategyOf(typeof(HashedGrain)));
        Assert.Equal(PlacementStrategy.Random, placement.StrategyOf(typeof(RandomGrain)));
    }

    [Fact]
    public void A_class_with_two_placement_attributes_is_refused_with_its_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PlacementService().StrategyOf(typeof(ConfusedGrain)));
        Assert.Contains(nameof(ConfusedGrain), error.Message);
    }

    private class UnmarkedGrain;

    [RandomPlacement]
    [HashBasedPlacement]
    private sealed class ConfusedGrain;

    [RandomPlacement]
    private sealed class RandomGrain;

    [PreferLocalPlacement]
    private class LocalGrain;

    private sealed class DerivedLocalGrain : LocalGrain;

    [HashBasedPlacement]
    private sealed class HashedGrain;

    [HashBasedPlacement]
    private sealed class DerivedHashedGrain : LocalGrain;
}
