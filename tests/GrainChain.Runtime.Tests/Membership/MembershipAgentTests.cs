using GrainChain.Runtime.Membership;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainChain.Runtime.Tests.Membership;

/// <summary>Joining, views, heartbeats, leaving and surviving table trouble, on a manual clock and an in-memory table.</summary>
public sealed class MembershipAgentTests : IAsyncLifetime
{
    private readonly AgentTestCluster _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Join_writes_a_Joining_row_and_BecomeActive_turns_it_Active()
    {
        var agent = _cluster.Create(1);

        await agent.JoinAsync();
        var joining = await _cluster.RowAsync(agent.Silo);
        var viewWhileJoining = agent.CurrentView;
        await agent.BecomeActiveAsync();
        var active = await _cluster.RowAsync(agent.Silo);

        Assert.Equal(SiloStatus.Joining, joining.Status);
        Assert.Equal("host-1", joining.HostName);
        Assert.Equal(_cluster.Clock.GetUtcNow(), joining.StartTime);
        Assert.Equal(SiloStatus.Joining, viewWhileJoining.GetStatus(agent.Silo));
        Assert.Equal(SiloStatus.Active, active.Status);
        Assert.True(agent.CurrentView.IsActive(agent.Silo));
        Assert.Single(_cluster.Logs[agent.Silo].WithEventId(3120));
    }

    [Fact]
    public async Task The_gateway_port_is_written_into_the_row()
    {
        var silo = AgentTestCluster.Silo(1);
        await using var agent = new MembershipAgent(_cluster.NewTable(), silo, "gw", 30000, _cluster.Options, _cluster.Network.ProberFor(silo), _cluster.Clock, NullLogger<MembershipAgent>.Instance);

        await agent.JoinAsync();

        Assert.Equal(30000, (await _cluster.RowAsync(silo)).ProxyPort);
    }

    [Fact]
    public async Task Every_agent_converges_on_the_same_view_of_all_active_silos()
    {
        var agents = await _cluster.ActiveAsync(1, 2, 3, 4);

        var expected = agents.Select(a => a.Silo).OrderBy(s => s.ToString(), StringComparer.Ordinal);
        Assert.All(agents, agent => Assert.Equal(expected, agent.CurrentView.ActiveSilos));
        Assert.Single(agents.Select(agent => agent.CurrentView.Version).Distinct());
    }

    [Fact]
    public async Task A_join_that_loses_its_compare_and_set_re_reads_and_inserts()
    {
        var first = _cluster.Create(1);
        var second = _cluster.Create(2);
        await first.JoinAsync();

        _cluster.Tables[second.Silo].BeforeNextWrite(() => _cluster.Create(3).JoinAsync());
        await second.JoinAsync();

        Assert.Equal(2, _cluster.Tables[second.Silo].InsertCalls);
        Assert.Equal(3, second.CurrentView.Members.Length);
        Assert.Equal(SiloStatus.Joining, second.CurrentView.GetStatus(second.Silo));
    }

    [Fact]
    public async Task A_restarted_silo_declares_its_earlier_incarnation_dead_when_joining()
    {
        var other = await _cluster.ActiveAsync(2);
        var old = await _cluster.ActiveAsync(1, generation: 1);
        await old.KillAsync();

        var restarted = _cluster.Create(1, generation: 2);
        await restarted.JoinAsync();

        Assert.Equal(SiloStatus.Dead, (await _cluster.RowAsync(old.Silo)).Status);
        Assert.Equal(SiloStatus.Joining, (await _cluster.RowAsync(restarted.Silo)).Status);
        Assert.Equal(SiloStatus.Active, (await _cluster.RowAsync(other.Silo)).Status);
    }

    [Fact]
    public async Task Heartbeat_writes_the_clock_time_without_moving_the_table_version()
    {
        var agent = await _cluster.ActiveAsync(1);
        var version = (await _cluster.NewTable().ReadAllAsync()).Version;

        _cluster.Clock.Advance(TimeSpan.FromSeconds(42));
        await agent.HeartbeatAsync();

        Assert.Equal(_cluster.Clock.GetUtcNow(), (await _cluster.RowAsync(agent.Silo)).IAmAliveTime);
        Assert.Equal(version, (await _cluster.NewTable().ReadAllAsync()).Version);
    }

    [Fact]
    public async Task Views_are_published_only_when_newer_and_never_go_backwards()
    {
        var a = await _cluster.ActiveAsync(1);
        var published = new List<long>();
        a.ViewChanged += view => published.Add(view.Version);
        var stale = await _cluster.NewTable().ReadAllAsync();
        await _cluster.ActiveAsync(2);

        await a.RefreshAsync();
        var current = a.CurrentView;
        _cluster.Tables[a.Silo].ServeNextReadAll(stale);
        var afterStale = await a.RefreshAsync();
        await a.RefreshAsync();

        Assert.Equal([current.Version], published);
        Assert.Same(current, afterStale);
        Assert.Same(current, a.CurrentView);
        Assert.True(current.IsActive(AgentTestCluster.Silo(2)));
    }

    [Fact]
    public async Task Concurrent_refreshes_during_joins_publish_strictly_increasing_versions()
    {
        var a = await _cluster.ActiveAsync(1);
        var published = new List<long>();
        a.ViewChanged += view => published.Add(view.Version);
        using var stop = new CancellationTokenSource();
        var refreshers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await a.RefreshAsync();
            }
        })).ToArray();

        for (var port = 2; port <= 12; port++)
        {
            var joiner = _cluster.Create(port);
            await joiner.JoinAsync();
            await joiner.BecomeActiveAsync();
        }

        await stop.CancelAsync();
        await Task.WhenAll(refreshers);
        await a.RefreshAsync();

        Assert.Equal(published.Order(), published);
        Assert.Equal(published.Count, published.Distinct().Count());
        Assert.Equal(12, a.CurrentView.ActiveSilos.Length);
        Assert.Equal(a.CurrentView.Version, published[^1]);
    }

    [Fact]
    public async Task A_silo_that_reads_itself_dead_raises_SelfDeclaredDead_once_and_stops_probing()
    {
        var a = await _cluster.ActiveAsync(1);
        var b = await _cluster.ActiveAsync(2);
        var raised = 0;
        b.SelfDeclaredDead += () => raised++;
        _cluster.Network.Cut(a.Silo, b.Silo);
        await _cluster.ProbeRoundsAsync(a, _cluster.Options.NumMissedProbesLimit);

        await b.RefreshAsync();
        await b.RefreshAsync();
        var probesBefore = _cluster.Network.ProbesSentBy(b.Silo);
        await _cluster.ProbeRoundsAsync(b, 3);

        Assert.Equal(1, raised);
        Assert.True(b.IsDeclaredDead);
        Assert.Equal(probesBefore, _cluster.Network.ProbesSentBy(b.Silo));
        Assert.Single(_cluster.Logs[b.Silo].WithEventId(3124));
    }

    [Fact]
    public async Task A_SelfDeclaredDead_handler_can_stop_the_agent_from_inside_the_refresh_loop()
    {
        var a = await _cluster.ActiveAsync(1);
        var b = await _cluster.ActiveAsync(2);
        Task? stopping = null;
        b.SelfDeclaredDead += () => stopping = b.StopAsync();
        b.Start();
        _cluster.Network.Cut(a.Silo, b.Silo);
        await _cluster.ProbeRoundsAsync(a, _cluster.Options.NumMissedProbesLimit);

        _cluster.Clock.Advance(_cluster.Options.TableRefreshPeriod);

        Assert.NotNull(stopping);
        await stopping;
        Assert.True(b.IsDeclaredDead);
    }

    [Fact]
    public async Task A_silo_declared_dead_cannot_become_active()
    {
        var a = await _cluster.ActiveAsync(1);
        var b = _cluster.Create(2);
        await b.JoinAsync();
        var row = await _cluster.RowAsync(b.Silo);
        var table = _cluster.NewTable();
        var snapshot = await table.ReadAllAsync();
        Assert.True(await table.UpdateRowAsync(row with { Status = SiloStatus.Dead }, snapshot.Rows.Single(r => r.Entry.Silo == b.Silo).ETag, snapshot.Version));
        var raised = 0;
        b.SelfDeclaredDead += () => raised++;

        await Assert.ThrowsAsync<InvalidOperationException>(() => b.BecomeActiveAsync());

        Assert.Equal(1, raised);
        Assert.True(a.CurrentView.IsActive(a.Silo));
    }

    [Fact]
    public async Task Graceful_shutdown_writes_ShuttingDown_then_Dead_and_is_not_taken_for_a_death_by_others()
    {
        var a = await _cluster.ActiveAsync(1);
        var b = await _cluster.ActiveAsync(2);
        var raised = 0;
        b.SelfDeclaredDead += () => raised++;

        await b.ShutDownAsync();
        await a.RefreshAsync();

        Assert.Equal(
            [SiloStatus.Active, SiloStatus.ShuttingDown, SiloStatus.Dead],
            _cluster.Tables[b.Silo].LandedUpdates.Select(entry => entry.Status));
        Assert.Equal(SiloStatus.Dead, a.CurrentView.GetStatus(b.Silo));
        Assert.Empty((await _cluster.RowAsync(b.Silo)).SuspectingSilos);
        Assert.Equal(0, raised);
        Assert.Equal([], a.ProbedSilos);
    }

    [Fact]
    public async Task A_killed_agent_writes_nothing_more()
    {
        var a = await _cluster.ActiveAsync(1);
        var b = await _cluster.ActiveAsync(2);
        var before = await _cluster.RowAsync(b.Silo);

        await b.KillAsync();
        _cluster.Clock.Advance(TimeSpan.FromSeconds(30));
        await b.HeartbeatAsync();
        await b.ProbeRoundAsync();

        Assert.Equal(before, await _cluster.RowAsync(b.Silo));
        Assert.Equal(SiloStatus.Active, (await _cluster.RowAsync(a.Silo)).Status);
    }

    [Fact]
    public async Task WaitForViewAsync_completes_with_the_first_view_that_matches()
    {
        var a = await _cluster.ActiveAsync(1);
        var silo2 = AgentTestCluster.Silo(2);

        var waiting = a.WaitForViewAsync(view => view.IsActive(silo2));
        var alreadyTrue = await a.WaitForViewAsync(view => view.IsActive(a.Silo));
        Assert.False(waiting.IsCompleted);
        await _cluster.ActiveAsync(2);
        var view = await waiting;

        Assert.True(view.IsActive(silo2));
        Assert.False(alreadyTrue.IsActive(silo2));
        Assert.True(alreadyTrue.Version < view.Version);
    }

    [Fact]
    public async Task WaitForViewAsync_is_cancellable()
    {
        var a = await _cluster.ActiveAsync(1);
        using var cancel = new CancellationTokenSource();

        var waiting = a.WaitForViewAsync(view => view.Members.Length > 5, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task A_throwing_view_handler_is_logged_and_the_other_handlers_still_run()
    {
        var a = await _cluster.ActiveAsync(1);
        var seen = new List<long>();
        a.ViewChanged += _ => throw new InvalidOperationException("handler bug");
        a.ViewChanged += view => seen.Add(view.Version);

        await _cluster.ActiveAsync(2);

        Assert.NotEmpty(seen);
        Assert.Equal(a.CurrentView.Version, seen[^1]);
        Assert.NotEmpty(_cluster.Logs[a.Silo].WithEventId(3129));
    }

    [Fact]
    public async Task The_loops_survive_a_table_outage_log_it_and_resume_when_it_returns()
    {
        var a = await _cluster.ActiveAsync(1);
        a.Start();
        _cluster.Tables[a.Silo].Failing = true;

        _cluster.Clock.Advance(TimeSpan.FromSeconds(10));
        var failures = _cluster.Logs[a.Silo].WithEventId(3125).ToList();
        _cluster.Tables[a.Silo].Failing = false;
        var b = _cluster.Create(2);
        await b.JoinAsync();
        await b.BecomeActiveAsync();
        var seen = a.WaitForViewAsync(view => view.IsActive(b.Silo));
        _cluster.Clock.Advance(_cluster.Options.TableRefreshPeriod);

        await seen;
        Assert.Contains(failures, r => r.Message.Contains("table refresh", StringComparison.Ordinal) && r.Exception is MembershipTableException);
        Assert.Contains(failures, r => r.Message.Contains("heartbeat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_loops_write_heartbeats_on_the_injected_clock()
    {
        var a = await _cluster.ActiveAsync(1);
        a.Start();

        _cluster.Clock.Advance(_cluster.Options.IAmAlivePeriod);
        var first = (await _cluster.RowAsync(a.Silo)).IAmAliveTime;
        _cluster.Clock.Advance(_cluster.Options.IAmAlivePeriod);
        var second = (await _cluster.RowAsync(a.Silo)).IAmAliveTime;
        await a.StopAsync();
        _cluster.Clock.Advance(_cluster.Options.IAmAlivePeriod * 3);

        Assert.Equal(first + _cluster.Options.IAmAlivePeriod, second);
        Assert.Equal(second, (await _cluster.RowAsync(a.Silo)).IAmAliveTime);
    }

    [Fact]
    public async Task With_default_settings_a_killed_silo_is_declared_dead_within_ten_seconds_of_clock_time()
    {
        _cluster.Network.UnansweredProbesWaitForTimeout = true;
        var agents = await _cluster.ActiveAsync(1, 2, 3, 4, 5);
        foreach (var agent in agents)
        {
            agent.Start();
        }

        // Run long enough that every silo has probed everyone, then kill one between two rounds.
        await Task.Run(() => _cluster.Clock.Advance(TimeSpan.FromSeconds(5.5)));
        var victim = agents[2];
        await victim.KillAsync();
        _cluster.Network.Disconnect(victim.Silo);
        var killedAt = _cluster.Clock.GetUtcNow();
        var survivors = agents.Where(agent => agent != victim).ToArray();

        // Off the test's synchronisation context, so that work finishing inside Advance continues inline there
        // and the clock never runs ahead of the agents.
        await Task.Run(() =>
        {
            while (!survivors.All(agent => agent.CurrentView.IsDead(victim.Silo)) && _cluster.Clock.GetUtcNow() - killedAt < TimeSpan.FromSeconds(30))
            {
                _cluster.Clock.Advance(TimeSpan.FromMilliseconds(100));
            }
        });

        var everyoneKnowsAfter = _cluster.Clock.GetUtcNow() - killedAt;
        Assert.True(everyoneKnowsAfter <= TimeSpan.FromSeconds(10), $"the survivors learnt of the death {everyoneKnowsAfter} after the kill");
        Assert.All(survivors, agent => Assert.False(agent.CurrentView.IsDead(agent.Silo)));
        Assert.Equal(SiloStatus.Dead, (await _cluster.RowAsync(victim.Silo)).Status);
    }
}
