using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Tests.Membership;

/// <summary>The agent reports every status it writes, with the table version the write produced, so the cluster can tell the other silos.</summary>
public sealed class StatusWrittenTests : IAsyncLifetime
{
    private readonly AgentTestCluster _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Becoming_Active_and_leaving_each_report_the_version_they_produced()
    {
        var first = await _cluster.ActiveAsync(1);
        var second = _cluster.Create(2);
        var written = new List<MembershipStatusChange>();
        second.StatusWritten += written.Add;

        await second.JoinAsync();
        await second.BecomeActiveAsync();
        var activeVersion = second.CurrentView.Version;
        await second.ShutDownAsync();

        Assert.Equal([SiloStatus.Active, SiloStatus.ShuttingDown, SiloStatus.Dead], written.Select(w => w.Status));
        Assert.All(written, w => Assert.Equal(second.Silo, w.Silo));
        Assert.Equal(activeVersion, written[0].Version);
        Assert.Equal([activeVersion + 1, activeVersion + 2], written.Skip(1).Select(w => w.Version));
        Assert.Equal(second.CurrentView.Version, written[^1].Version);
        // The silos to tell are the members as the write saw them: the first silo, and the writer itself.
        Assert.Equal(new[] { first.Silo, second.Silo }.ToHashSet(), written[0].Members.ToHashSet());
    }

    [Fact]
    public async Task A_vote_that_declares_a_silo_Dead_reports_it()
    {
        var agents = await _cluster.ActiveAsync(1, 2);
        var (a, b) = (agents[0], agents[1]);
        var written = new List<MembershipStatusChange>();
        a.StatusWritten += written.Add;
        _cluster.Network.Disconnect(b.Silo);

        await _cluster.ProbeRoundsAsync(a, _cluster.Options.NumMissedProbesLimit);

        var death = Assert.Single(written);
        Assert.Equal((b.Silo, SiloStatus.Dead), (death.Silo, death.Status));
        Assert.Equal(a.CurrentView.Version, death.Version);
    }

    [Fact]
    public async Task A_suspicion_vote_that_does_not_declare_death_reports_nothing()
    {
        var agents = await _cluster.ActiveAsync(1, 2, 3);
        var written = new List<MembershipStatusChange>();
        agents[0].StatusWritten += written.Add;
        _cluster.Network.Disconnect(agents[2].Silo);

        await _cluster.ProbeRoundsAsync(agents[0], _cluster.Options.NumMissedProbesLimit);

        Assert.Equal(SiloStatus.Active, (await _cluster.RowAsync(agents[2].Silo)).Status);
        Assert.Empty(written);
    }

    [Fact]
    public async Task A_handler_that_throws_does_not_fail_the_write()
    {
        var agent = _cluster.Create(1);
        agent.StatusWritten += _ => throw new InvalidOperationException("handler bug");

        await agent.JoinAsync();
        await agent.BecomeActiveAsync();

        Assert.Equal(SiloStatus.Active, (await _cluster.RowAsync(agent.Silo)).Status);
        Assert.Single(_cluster.Logs[agent.Silo].WithEventId(3125));
    }
}
