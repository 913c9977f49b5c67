using GrainChain.Runtime.GrainDirectory;
using GrainChain.Runtime.Membership;
using static GrainChain.Runtime.Tests.GrainDirectory.MembershipViews;

namespace GrainChain.Runtime.Tests.GrainDirectory;

public sealed class GrainDirectoryPartitionTests
{
    private static readonly SiloAddress A = Silo(11001);
    private static readonly SiloAddress B = Silo(11002);
    private static readonly SiloAddress C = Silo(11003);

    [Fact]
    public void The_first_registration_wins_and_later_ones_get_it_back()
    {
        var partition = new GrainDirectoryPartition();
        var first = Address(GrainIdOf(1), A);
        var second = Address(GrainIdOf(1), B);

        Assert.Same(first, partition.Register(first));
        Assert.Same(first, partition.Register(second));
        Assert.Equal(first, partition.Register(first with { }));
        Assert.Equal(first, partition.Lookup(GrainIdOf(1)));
        Assert.Null(partition.Lookup(GrainIdOf(2)));
        Assert.Equal(1, partition.Count);
    }

    [Fact]
    public void Racing_registrations_of_one_grain_all_get_the_same_winner()
    {
        var partition = new GrainDirectoryPartition();
        var silos = new[] { A, B, C };
        foreach (var grain in GrainIds(200))
        {
            var candidates = Enumerable.Range(0, 16).Select(i => Address(grain, silos[i % 3])).ToArray();
            var winners = new GrainAddress[candidates.Length];
            Parallel.For(0, candidates.Length, i => winners[i] = partition.Register(candidates[i]));

            Assert.Single(winners.Distinct());
            Assert.Contains(winners[0], candidates);
            Assert.Equal(winners[0], partition.Lookup(grain));
        }
    }

    [Fact]
    public void Unregister_removes_only_the_exact_activation()
    {
        var partition = new GrainDirectoryPartition();
        var registered = partition.Register(Address(GrainIdOf(1), A));

        Assert.False(partition.Unregister(registered with { ActivationId = Guid.NewGuid() }));
        Assert.False(partition.Unregister(registered with { Silo = B }));
        Assert.Equal(registered, partition.Lookup(GrainIdOf(1)));

        Assert.True(partition.Unregister(registered with { }));
        Assert.Null(partition.Lookup(GrainIdOf(1)));
        Assert.False(partition.Unregister(registered));

        var next = Address(GrainIdOf(1), B);
        Assert.Same(next, partition.Register(next));
    }

    [Fact]
    public void A_view_declaring_a_silo_dead_drops_its_entries_and_frees_its_grains()
    {
        var partition = new GrainDirectoryPartition();
        partition.OnViewChanged(Active(1, A, B));
        var onA = GrainIds(10).Select(g => partition.Register(Address(g, A))).ToList();
        var onB = Enumerable.Range(10, 5).Select(i => partition.Register(Address(GrainIdOf(i), B))).ToList();

        var dropped = partition.OnViewChanged(Of(2, (A, SiloStatus.Dead), (B, SiloStatus.Active)));

        Assert.Equal(10, dropped);
        Assert.Equal(5, partition.Count);
        Assert.All(onA, address => Assert.Null(partition.Lookup(address.GrainId)));
        Assert.All(onB, address => Assert.Equal(address, partition.Lookup(address.GrainId)));
        var replacement = Address(GrainIdOf(0), B);
        Assert.Same(replacement, partition.Register(replacement));
    }

    [Fact]
    public void Registrations_racing_a_death_declaration_leave_no_entry_on_the_dead_silo()
    {
        for (int round = 0; round < 20; round++)
        {
            var partition = new GrainDirectoryPartition();
            partition.OnViewChanged(Active(1, A, B));
            var grains = GrainIds(2_000);
            var fromB = grains.Select(g => Address(g, B)).ToArray();
            var deathView = Of(2, (A, SiloStatus.Dead), (B, SiloStatus.Active));

            Parallel.Invoke(
                () =>
                {
                    foreach (var grain in grains)
                    {
                        try
                        {
                            partition.Register(Address(grain, A));
                        }
                        catch (InvalidOperationException)
                        {
                            // A is dead from here on.
                        }
                    }
                },
                () => partition.OnViewChanged(deathView),
                () =>
                {
                    foreach (var address in fromB)
                    {
                        partition.Register(address);
                    }
                });

            Assert.DoesNotContain(partition.Snapshot(), address => address.Silo == A);
            // B registered every grain; wherever A had won first, A's entry was dropped, so B wins now.
            Assert.All(fromB, address => Assert.Equal(address, partition.Register(address)));
        }
    }

    [Fact]
    public void An_entry_of_an_older_incarnation_on_the_same_endpoint_counts_as_dead()
    {
        var partition = new GrainDirectoryPartition();
        var old = Silo(11001, generation: 5);
        var restarted = Silo(11001, generation: 6);
        partition.OnViewChanged(Active(1, old));
        partition.Register(Address(GrainIdOf(1), old));

        Assert.Equal(1, partition.OnViewChanged(Active(2, restarted)));
        var fresh = Address(GrainIdOf(1), restarted);
        Assert.Same(fresh, partition.Register(fresh));
    }

    [Fact]
    public void A_registration_from_a_dead_silo_is_refused_with_a_message_naming_it()
    {
        var partition = new GrainDirectoryPartition();
        partition.OnViewChanged(Of(1, (A, SiloStatus.Dead), (B, SiloStatus.Active)));

        var error = Assert.Throws<InvalidOperationException>(() => partition.Register(Address(GrainIdOf(1), A)));
        Assert.Contains(A.ToString(), error.Message);
        Assert.Equal(0, partition.Count);
    }

    [Fact]
    public void Older_and_equal_views_are_ignored()
    {
        var partition = new GrainDirectoryPartition();
        partition.OnViewChanged(Active(5, A, B));
        var onA = partition.Register(Address(GrainIdOf(1), A));

        Assert.Equal(0, partition.OnViewChanged(Of(4, (A, SiloStatus.Dead), (B, SiloStatus.Active))));
        Assert.Equal(0, partition.OnViewChanged(Of(5, (A, SiloStatus.Dead), (B, SiloStatus.Active))));

        Assert.Equal(5, partition.View.Version);
        Assert.Equal(onA, partition.Lookup(GrainIdOf(1)));
        Assert.Same(onA, partition.Register(Address(GrainIdOf(1), B)));
    }

    [Fact]
    public void RemoveWhere_drops_matching_entries_only()
    {
        var partition = new GrainDirectoryPartition();
        foreach (var grain in GrainIds(20))
        {
            partition.Register(Address(grain, grain.Key.EndsWith('3') ? B : A));
        }

        Assert.Equal(2, partition.RemoveWhere(address => address.Silo == B));
        Assert.Equal(18, partition.Count);
        Assert.All(partition.Snapshot(), address => Assert.Equal(A, address.Silo));
    }

    [Fact]
    public void The_dead_silo_index_agrees_with_the_view()
    {
        var random = new Random(1234);
        var statuses = Enum.GetValues<SiloStatus>();
        for (int round = 0; round < 300; round++)
        {
            var members = Enumerable.Range(0, random.Next(0, 8))
                .Select(_ => (Silo(11000 + random.Next(3), random.Next(1, 4)), statuses[random.Next(statuses.Length)]))
                .ToArray();
            var view = Of(round, members);
            var index = new DeadSiloIndex(view);
            for (int port = 11000; port < 11004; port++)
            {
                for (int generation = 0; generation < 5; generation++)
                {
                    var silo = Silo(port, generation);
                    Assert.Equal(view.IsDead(silo), index.IsDead(silo));
                }
            }
        }
    }
}
