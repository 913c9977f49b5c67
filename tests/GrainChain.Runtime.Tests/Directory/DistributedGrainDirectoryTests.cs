using GrainChain.Runtime.GrainDirectory;
using GrainChain.Runtime.Membership;
using static GrainChain.Runtime.Tests.GrainDirectory.MembershipViews;

namespace GrainChain.Runtime.Tests.GrainDirectory;

public sealed class DistributedGrainDirectoryTests
{
    private static readonly SiloAddress A = Silo(11001);
    private static readonly SiloAddress B = Silo(11002);
    private static readonly SiloAddress C = Silo(11003);

    [Fact]
    public async Task Without_an_active_silo_the_local_partition_is_the_owner()
    {
        var cluster = new InProcessDirectoryCluster(A, B);
        var address = Address(GrainIdOf(1), A);

        Assert.Same(address, await cluster[A].RegisterAsync(address));

        Assert.Equal(address, cluster.Partition(A).Lookup(GrainIdOf(1)));
        Assert.Equal(address, await cluster[A].LookupAsync(GrainIdOf(1)));
        Assert.Null(await cluster[B].LookupAsync(GrainIdOf(1)));
        Assert.Equal(0, cluster.RemoteCalls);
        Assert.Equal(A, cluster[A].OwnerOf(GrainIdOf(1)));
    }

    [Fact]
    public async Task Entries_live_at_the_ring_owner_and_every_silo_finds_them_there()
    {
        var cluster = new InProcessDirectoryCluster(A, B, C);
        cluster.Publish(Active(1, A, B, C));
        var ring = cluster[A].Ring;

        foreach (var grain in GrainIds(60))
        {
            var registered = await cluster[A].RegisterAsync(Address(grain, A));
            var owner = ring.Owner(grain)!;
            Assert.Equal(registered, cluster.Partition(owner).Lookup(grain));
            foreach (var silo in new[] { A, B, C })
            {
                Assert.Equal(owner, cluster[silo].OwnerOf(grain));
                Assert.Equal(registered, await cluster[silo].LookupAsync(grain));
                if (silo != owner)
                {
                    Assert.Null(cluster.Partition(silo).Lookup(grain));
                }
            }
        }

        Assert.Equal(60, new[] { A, B, C }.Sum(s => cluster.Partition(s).Count));
        Assert.True(cluster.RemoteCalls > 0);
    }

    [Fact]
    public async Task Two_silos_racing_to_register_the_same_grains_get_the_same_winners()
    {
        var cluster = new InProcessDirectoryCluster(A, B, C);
        cluster.Publish(Active(1, A, B, C));
        var grains = GrainIds(300);

        var fromA = grains.Select(g => Address(g, A)).ToArray();
        var fromB = grains.Select(g => Address(g, B)).ToArray();
        var racing = await Task.WhenAll(
            Task.WhenAll(fromA.Select(a => cluster[A].RegisterAsync(a).AsTask())),
            Task.WhenAll(fromB.Select(b => cluster[B].RegisterAsync(b).AsTask())));

        for (int i = 0; i < grains.Length; i++)
        {
            Assert.Equal(racing[0][i], racing[1][i]);
            Assert.True(racing[0][i] == fromA[i] || racing[0][i] == fromB[i]);
            Assert.Equal(racing[0][i], await cluster[C].LookupAsync(grains[i]));
        }
    }

    [Fact]
    public async Task Unregister_at_a_remote_owner_removes_only_the_exact_activation()
    {
        var cluster = new InProcessDirectoryCluster(A, B);
        cluster.Publish(Active(1, A, B));
        var grain = GrainIds(100).First(g => cluster[A].OwnerOf(g) == B);
        var registered = await cluster[A].RegisterAsync(Address(grain, A));

        await cluster[A].UnregisterAsync(registered with { ActivationId = Guid.NewGuid() });
        Assert.Equal(registered, await cluster[B].LookupAsync(grain));

        await cluster[A].UnregisterAsync(registered);
        Assert.Null(await cluster[A].LookupAsync(grain));
        Assert.Equal(0, cluster.Partition(B).Count);
    }

    [Fact]
    public async Task Entries_on_a_silo_declared_dead_are_dropped_and_its_grains_can_be_registered_again()
    {
        var cluster = new InProcessDirectoryCluster(A, B, C);
        cluster.Publish(Active(1, A, B, C));
        var grains = GrainIds(90);
        var onC = new List<GrainAddress>();
        foreach (var grain in grains)
        {
            onC.Add(await cluster[C].RegisterAsync(Address(grain, C)));
        }

        cluster.MakeUnreachable(C);
        cluster.Publish(Of(2, (A, SiloStatus.Active), (B, SiloStatus.Active), (C, SiloStatus.Dead)));

        foreach (var grain in grains)
        {
            Assert.Null(await cluster[A].LookupAsync(grain));
            var replacement = Address(grain, B);
            Assert.Same(replacement, await cluster[A].RegisterAsync(replacement));
            Assert.Equal(replacement, await cluster[B].LookupAsync(grain));
        }
        Assert.All(new[] { A, B }, s => Assert.DoesNotContain(cluster.Partition(s).Snapshot(), address => address.Silo == C));
    }

    [Fact]
    public async Task A_ring_change_moves_ownership_and_re_registration_reports_exactly_the_losers()
    {
        var cluster = new InProcessDirectoryCluster(A, B);
        cluster.Publish(Active(1, A, B));
        var onA = new List<GrainAddress>();
        foreach (var grain in GrainIds(400))
        {
            onA.Add(await cluster[A].RegisterAsync(Address(grain, A)));
        }
        // The first call re-sends what moved off the empty ring; all of it is registered already, so nobody loses.
        Assert.Empty(await cluster[A].ReRegisterAsync(onA, CancellationToken.None));

        cluster.Add(C);
        var before = cluster[A].Ring;
        cluster.Publish(Active(2, A, B, C));
        var after = cluster[A].Ring;
        var movedToC = onA.Where(a => after.Owner(a.GrainId) == C).ToList();
        Assert.All(movedToC, a => Assert.NotEqual(C, before.Owner(a.GrainId)));
        Assert.InRange(movedToC.Count, 60, 220);

        // Before A re-registers, B misses some moved grains at their new owner and activates them itself.
        var competitors = movedToC.Where((_, i) => i % 3 == 0).Select(a => Address(a.GrainId, B)).ToList();
        foreach (var competitor in competitors)
        {
            Assert.Null(await cluster[B].LookupAsync(competitor.GrainId));
            Assert.Same(competitor, await cluster[B].RegisterAsync(competitor));
        }

        var losers = await cluster[A].ReRegisterAsync(onA, CancellationToken.None);

        var expectedLosers = movedToC.Where((_, i) => i % 3 == 0).ToHashSet();
        Assert.Equal(expectedLosers, losers.ToHashSet());
        Assert.Equal(movedToC.Count, cluster.Partition(C).Count);
        foreach (var address in movedToC)
        {
            var expected = expectedLosers.Contains(address) ? competitors.Single(c => c.GrainId == address.GrainId) : address;
            Assert.Equal(expected, await cluster[B].LookupAsync(address.GrainId));
        }

        // Nothing moved since: a second call sends nothing and reports nobody.
        int calls = cluster.RemoteCalls;
        Assert.Empty(await cluster[A].ReRegisterAsync(onA, CancellationToken.None));
        Assert.Equal(calls, cluster.RemoteCalls);
    }

    [Fact]
    public async Task An_activation_registered_at_a_silo_that_joined_and_died_since_the_last_call_is_re_registered()
    {
        var cluster = new InProcessDirectoryCluster(A, B, C);
        cluster.Publish(Active(1, A, B));
        Assert.Empty(await cluster[A].ReRegisterAsync([], CancellationToken.None));

        // C joins; A activates grains that C now owns; C dies before A re-registers anything. The first and the
        // last ring agree on every owner, but the entries sit in the dead silo's partition.
        cluster.Publish(Active(2, A, B, C));
        var atC = new List<GrainAddress>();
        foreach (var grain in GrainIds(300).Where(g => cluster[A].OwnerOf(g) == C))
        {
            atC.Add(await cluster[A].RegisterAsync(Address(grain, A)));
        }
        Assert.NotEmpty(atC);
        cluster.MakeUnreachable(C);
        cluster.Publish(Of(3, (A, SiloStatus.Active), (B, SiloStatus.Active), (C, SiloStatus.Dead)));

        Assert.Empty(await cluster[A].ReRegisterAsync(atC, CancellationToken.None));

        Assert.All(atC, a => Assert.Equal(a, cluster.Partition(cluster[A].OwnerOf(a.GrainId)).Lookup(a.GrainId)));
    }

    [Fact]
    public async Task Activations_registered_locally_before_the_first_view_move_to_their_owners()
    {
        var cluster = new InProcessDirectoryCluster(A, B);
        var onA = new List<GrainAddress>();
        foreach (var grain in GrainIds(100))
        {
            onA.Add(await cluster[A].RegisterAsync(Address(grain, A)));
        }
        Assert.Equal(100, cluster.Partition(A).Count);

        cluster.Publish(Active(1, A, B));
        Assert.Empty(await cluster[A].ReRegisterAsync(onA, CancellationToken.None));

        var ownedByB = onA.Where(a => cluster[A].OwnerOf(a.GrainId) == B).ToList();
        Assert.NotEmpty(ownedByB);
        Assert.Equal(ownedByB.Count, cluster.Partition(B).Count);
        Assert.All(ownedByB, a => Assert.Equal(a, cluster.Partition(B).Lookup(a.GrainId)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Hand_off_moves_entries_the_silo_no_longer_owns_to_their_new_owner(bool throughReRegistration)
    {
        var cluster = new InProcessDirectoryCluster(A, B);
        cluster.Publish(Active(1, A, B));
        var registered = new List<GrainAddress>();
        foreach (var grain in GrainIds(300))
        {
            registered.Add(await cluster[B].RegisterAsync(Address(grain, B)));
        }

        cluster.Add(C);
        cluster.Publish(Active(2, A, B, C));
        var movedFromA = registered.Where(a => cluster.Partition(A).Lookup(a.GrainId) is not null && cluster[A].OwnerOf(a.GrainId) == C).ToList();
        Assert.NotEmpty(movedFromA);

        if (throughReRegistration)
        {
            // A has no activations of its own: re-registration after the view change only hands B's entries over.
            Assert.Empty(await cluster[A].ReRegisterAsync([], CancellationToken.None));
        }
        else
        {
            Assert.Equal(movedFromA.Count, await cluster[A].HandOffAsync(CancellationToken.None));
        }

        Assert.All(movedFromA, a => Assert.Null(cluster.Partition(A).Lookup(a.GrainId)));
        Assert.All(movedFromA, a => Assert.Equal(a, cluster.Partition(C).Lookup(a.GrainId)));
        Assert.All(cluster.Partition(A).Snapshot(), a => Assert.Equal(A, cluster[A].OwnerOf(a.GrainId)));
        Assert.Equal(movedFromA.Count, cluster.Partition(C).Count);
    }

    [Fact]
    public async Task Hand_off_to_a_failing_owner_still_drops_the_entries_here()
    {
        var cluster = new InProcessDirectoryCluster(A, B);
        foreach (var grain in GrainIds(100))
        {
            await cluster[A].RegisterAsync(Address(grain, A));
        }
        cluster.Publish(Active(1, A, B));
        cluster.MakeUnreachable(B);

        var ownedByB = cluster.Partition(A).Snapshot().Count(a => cluster[A].OwnerOf(a.GrainId) == B);
        Assert.Equal(ownedByB, await cluster[A].HandOffAsync(CancellationToken.None));
        Assert.Equal(100 - ownedByB, cluster.Partition(A).Count);
    }

    [Fact]
    public async Task A_failing_owner_surfaces_as_an_exception_naming_it()
    {
        var cluster = new InProcessDirectoryCluster(A, B);
        cluster.Publish(Active(1, A, B));
        var grain = GrainIds(100).First(g => cluster[A].OwnerOf(g) == B);
        cluster.MakeUnreachable(B);

        var register = await Assert.ThrowsAsync<GrainDirectoryException>(() => cluster[A].RegisterAsync(Address(grain, A)).AsTask());
        var lookup = await Assert.ThrowsAsync<GrainDirectoryException>(() => cluster[A].LookupAsync(grain).AsTask());
        var unregister = await Assert.ThrowsAsync<GrainDirectoryException>(() => cluster[A].UnregisterAsync(Address(grain, A)).AsTask());

        foreach (var error in new[] { register, lookup, unregister })
        {
            Assert.Equal(B, error.Owner);
            Assert.Contains(B.ToString(), error.Message);
            Assert.Contains("refused", error.Message);
            Assert.IsType<InvalidOperationException>(error.InnerException);
        }
    }

    [Fact]
    public async Task Re_registration_that_meets_a_failing_owner_throws_and_the_next_call_retries()
    {
        var cluster = new InProcessDirectoryCluster(A, B);
        var onA = new List<GrainAddress>();
        foreach (var grain in GrainIds(50))
        {
            onA.Add(await cluster[A].RegisterAsync(Address(grain, A)));
        }
        cluster.Publish(Active(1, A, B));
        cluster.MakeUnreachable(B);

        var error = await Assert.ThrowsAsync<GrainDirectoryException>(() => cluster[A].ReRegisterAsync(onA, CancellationToken.None));
        Assert.Contains(B.ToString(), error.Message);

        cluster.MakeReachable(B);
        Assert.Empty(await cluster[A].ReRegisterAsync(onA, CancellationToken.None));
        Assert.Equal(onA.Count(a => cluster[A].OwnerOf(a.GrainId) == B), cluster.Partition(B).Count);
    }

    [Fact]
    public async Task Re_registration_honours_cancellation()
    {
        var cluster = new InProcessDirectoryCluster(A, B);
        cluster.Publish(Active(1, A, B));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            cluster[A].ReRegisterAsync([Address(GrainIdOf(1), A)], cancelled.Token));
    }

    [Fact]
    public async Task A_view_that_leaves_the_active_silos_alone_keeps_the_ring_and_moves_nothing()
    {
        var cluster = new InProcessDirectoryCluster(A, B, C);
        cluster.Publish(Active(1, A, B));
        var ring = cluster[A].Ring;
        var onA = new List<GrainAddress>();
        foreach (var grain in GrainIds(100))
        {
            onA.Add(await cluster[A].RegisterAsync(Address(grain, A)));
        }
        await cluster[A].ReRegisterAsync(onA, CancellationToken.None);
        int calls = cluster.RemoteCalls;

        cluster.Publish(Of(2, (A, SiloStatus.Active), (B, SiloStatus.Active), (C, SiloStatus.Joining)));

        Assert.Same(ring, cluster[A].Ring);
        Assert.Equal(1, cluster[A].Ring.Version);
        Assert.Empty(await cluster[A].ReRegisterAsync(onA, CancellationToken.None));
        Assert.Equal(0, await cluster[A].HandOffAsync(CancellationToken.None));
        Assert.Equal(calls, cluster.RemoteCalls);
        Assert.Equal(2, cluster.Partition(A).View.Version);
    }

    [Fact]
    public void Older_views_are_ignored()
    {
        var cluster = new InProcessDirectoryCluster(A, B);
        cluster[A].OnViewChanged(Active(3, A, B));
        cluster[A].OnViewChanged(Active(2, A));
        cluster[A].OnViewChanged(Of(3, (A, SiloStatus.Active), (B, SiloStatus.Dead)));

        Assert.Equal(3, cluster[A].Ring.Version);
        Assert.Equal(new[] { A, B }, cluster[A].Ring.Silos.ToArray());
        Assert.Equal(3, cluster.Partition(A).View.Version);
    }
}
