using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Membership;

public sealed class InMemoryMembershipTableTests : MembershipTableContract
{
    private readonly InMemoryMembershipStore _store = new();

    protected override IMembershipTable CreateTable(string clusterId) =>
        new InMemoryMembershipTable(_store, new InMemoryMembershipOptions { ClusterId = clusterId });

    [Fact]
    public async Task Silos_given_one_store_through_DI_share_one_membership_view()
    {
        var shared = new InMemoryMembershipStore();
        await using var first = new ServiceCollection().UseInMemoryMembership(o => o.ClusterId = "shared", shared).BuildServiceProvider();
        var second = new ServiceCollection();
        new TestSiloBuilder(second).UseInMemoryMembership(o => o.ClusterId = "shared", shared);
        await using var secondProvider = second.BuildServiceProvider();
        var a = first.GetRequiredService<IMembershipTable>();
        var b = secondProvider.GetRequiredService<IMembershipTable>();

        await a.InitializeAsync();
        Assert.True(await a.InsertRowAsync(Entry(Silo(1)), (await a.ReadAllAsync()).Version));

        Assert.Equal(Silo(1), Assert.Single((await b.ReadAllAsync()).Rows).Entry.Silo);
    }

    [Fact]
    public async Task Changing_the_votes_list_after_writing_does_not_change_the_stored_row()
    {
        var votes = new List<SuspicionVote> { new(Silo(2), Epoch) };
        Assert.True(await Table.InsertRowAsync(Entry(Silo(1)) with { SuspectingSilos = votes }, (await Table.ReadAllAsync()).Version));

        votes.Add(new SuspicionVote(Silo(3), Epoch));

        Assert.Single((await Table.ReadAllAsync()).Rows[0].Entry.SuspectingSilos);
    }

    private sealed class TestSiloBuilder(IServiceCollection services) : ISiloBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
