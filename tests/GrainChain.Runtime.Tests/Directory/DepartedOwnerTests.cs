using GrainChain.Runtime.GrainDirectory;
using GrainChain.Runtime.Membership;
using static GrainChain.Runtime.Tests.GrainDirectory.MembershipViews;

namespace GrainChain.Runtime.Tests.GrainDirectory;

/// <summary>A directory operation whose owner refuses connections asks membership once and, if the owner has left, runs on the new ring.</summary>
public sealed class DepartedOwnerTests
{
    private static readonly SiloAddress A = Silo(12001);
    private static readonly SiloAddress B = Silo(12002);
    private static readonly SiloAddress C = Silo(12003);

    [Fact]
    public async Task Lookup_registration_and_unregistration_move_to_the_successor_of_an_owner_that_has_left()
    {
        var cluster = new InProcessDirectoryCluster(A, B, C);
        cluster.Publish(Active(1, A, B, C));
        var grains = GrainIds(200).Where(g => cluster[A].OwnerOf(g) == B).Take(3).ToArray();
        Assert.Equal(3, grains.Length);
        var asked = new List<SiloAddress>();
        cluster.DepartureCheck = silo =>
        {
            // What a fresh table read does: the view says the silo is Dead and the ring moves before the answer.
            asked.Add(silo);
            cluster.Publish(Of(2, (A, SiloStatus.Active), (B, SiloStatus.Dead), (C, SiloStatus.Active)));
            return Task.FromResult(true);
        };
        cluster.MakeGone(B);

        Assert.Null(await cluster[A].LookupAsync(grains[0]));
        var address = Address(grains[1], A);
        Assert.Equal(address, await cluster[A].RegisterAsync(address));
        await cluster[A].UnregisterAsync(Address(grains[2], A));

        Assert.Equal([B], asked);
        Assert.NotEqual(B, cluster[A].OwnerOf(grains[1]));
        Assert.Equal(address, cluster.Partition(cluster[A].OwnerOf(grains[1])).Lookup(grains[1]));
    }

    [Fact]
    public async Task An_owner_that_is_still_a_member_keeps_failing_the_operation()
    {
        var cluster = new InProcessDirectoryCluster(A, B);
        cluster.Publish(Active(1, A, B));
        var grain = GrainIds(100).First(g => cluster[A].OwnerOf(g) == B);
        var asked = 0;
        cluster.DepartureCheck = _ =>
        {
            asked++;
            return Task.FromResult(false);
        };
        cluster.MakeGone(B);

        var error = await Assert.ThrowsAsync<GrainDirectoryException>(() => cluster[A].LookupAsync(grain).AsTask());

        Assert.Equal(B, error.Owner);
        Assert.Equal(1, asked);
    }
}
