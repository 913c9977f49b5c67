using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;
using GrainChain.Runtime.Tests.Messaging;

namespace GrainChain.Runtime.Tests.Membership;

/// <summary>
/// The agent with the real prober: Ping/Pong over loopback connections. The silo ports are chosen free at run time;
/// the agents' clock is manual, and every probe here is answered or refused by the sockets themselves.
/// </summary>
public sealed class PingProbingAgentTests : IAsyncLifetime
{
    private readonly AgentTestCluster _cluster = new();
    private readonly List<TestSilo> _silos = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_silo_whose_listener_closed_is_declared_dead_while_the_live_one_keeps_answering()
    {
        var messaging = new[] { StartSilo(), StartSilo(), StartSilo() };
        var agents = new List<MembershipAgent>();
        foreach (var silo in messaging)
        {
            var agent = new MembershipAgent(
                _cluster.NewTable(), silo.Address, "loopback", null, _cluster.Options, new SiloPingProber(silo.Cache), _cluster.Clock, new RecordingLogger<MembershipAgent>());
            await agent.JoinAsync();
            await agent.BecomeActiveAsync();
            agents.Add(agent);
        }

        foreach (var agent in agents)
        {
            await agent.RefreshAsync();
            await agent.ProbeRoundAsync();
        }

        Assert.All(agents, agent => Assert.Empty(agent.CurrentView.Members.SelectMany(m => m.SuspectingSilos)));

        await agents[2].KillAsync();
        await messaging[2].DisposeAsync();
        for (var round = 0; round < _cluster.Options.NumMissedProbesLimit; round++)
        {
            _cluster.Clock.Advance(_cluster.Options.ProbePeriod);
            await agents[0].ProbeRoundAsync();
            await agents[1].ProbeRoundAsync();
        }

        var rows = (await _cluster.NewTable().ReadAllAsync()).Rows.ToDictionary(row => row.Entry.Silo, row => row.Entry);
        Assert.Equal(SiloStatus.Dead, rows[messaging[2].Address].Status);
        Assert.Equal(SiloStatus.Active, rows[messaging[0].Address].Status);
        Assert.Equal(SiloStatus.Active, rows[messaging[1].Address].Status);
        Assert.Empty(rows[messaging[0].Address].SuspectingSilos);
        Assert.Empty(rows[messaging[1].Address].SuspectingSilos);
    }

    private TestSilo StartSilo()
    {
        var silo = TestSilo.Start(clusterId: _cluster.ClusterId);
        _silos.Add(silo);
        return silo;
    }
}
