using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Tests.Membership;

/// <summary>Probing, suspicion votes and death declarations, driven round by round on a manual clock.</summary>
public sealed class FailureDetectorTests : IAsyncLifetime
{
    private readonly AgentTestCluster _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task With_two_silos_one_vote_declares_the_unreachable_one_dead_after_the_missed_probe_limit()
    {
        var (a, b) = await TwoAsync();
        _cluster.Network.Disconnect(b.Silo);

        await _cluster.ProbeRoundsAsync(a, _cluster.Options.NumMissedProbesLimit - 1);
        var before = await _cluster.RowAsync(b.Silo);
        await _cluster.ProbeRoundsAsync(a, 1);
        var after = await _cluster.RowAsync(b.Silo);

        Assert.Equal(SiloStatus.Active, before.Status);
        Assert.Empty(before.SuspectingSilos);
        Assert.Equal(SiloStatus.Dead, after.Status);
        Assert.Equal(a.Silo, Assert.Single(after.SuspectingSilos).Voter);
        Assert.Equal(_cluster.Clock.GetUtcNow(), after.SuspectingSilos[0].Timestamp);
        Assert.Equal(SiloStatus.Dead, a.CurrentView.GetStatus(b.Silo));
        Assert.Single(_cluster.Logs[a.Silo].WithEventId(3123));
    }

    [Fact]
    public async Task With_three_silos_one_vote_is_not_enough_and_the_second_declares_death()
    {
        var (a, b, c) = await ThreeAsync();
        _cluster.Network.Disconnect(c.Silo);

        await _cluster.ProbeRoundsAsync(a, _cluster.Options.NumMissedProbesLimit);
        var afterFirst = await _cluster.RowAsync(c.Silo);
        await _cluster.ProbeRoundsAsync(b, _cluster.Options.NumMissedProbesLimit);
        var afterSecond = await _cluster.RowAsync(c.Silo);

        Assert.Equal(SiloStatus.Active, afterFirst.Status);
        Assert.Equal([a.Silo], afterFirst.SuspectingSilos.Select(v => v.Voter));
        Assert.Equal(SiloStatus.Dead, afterSecond.Status);
        Assert.Equal([a.Silo, b.Silo], afterSecond.SuspectingSilos.Select(v => v.Voter));
        Assert.Single(_cluster.Logs[b.Silo].WithEventId(3123));
        Assert.Empty(_cluster.Logs[a.Silo].WithEventId(3123));
    }

    [Fact]
    public async Task Votes_older_than_the_expiration_do_not_count_and_are_dropped()
    {
        var (a, b, c) = await ThreeAsync();
        _cluster.Network.Disconnect(c.Silo);
        await _cluster.ProbeRoundsAsync(a, _cluster.Options.NumMissedProbesLimit);

        _cluster.Clock.Advance(_cluster.Options.DeathVoteExpiration);
        await _cluster.ProbeRoundsAsync(b, _cluster.Options.NumMissedProbesLimit);
        var row = await _cluster.RowAsync(c.Silo);

        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Equal([b.Silo], row.SuspectingSilos.Select(v => v.Voter));
    }

    [Fact]
    public async Task A_vote_just_within_the_expiration_still_counts()
    {
        var (a, b, c) = await ThreeAsync();
        _cluster.Network.Disconnect(c.Silo);
        await _cluster.ProbeRoundsAsync(a, _cluster.Options.NumMissedProbesLimit);

        // b's third round lands exactly DeathVoteExpiration after a's vote.
        _cluster.Clock.Advance(_cluster.Options.DeathVoteExpiration - _cluster.Options.ProbePeriod * _cluster.Options.NumMissedProbesLimit);
        await _cluster.ProbeRoundsAsync(b, _cluster.Options.NumMissedProbesLimit);

        Assert.Equal(SiloStatus.Dead, (await _cluster.RowAsync(c.Silo)).Status);
    }

    [Fact]
    public async Task An_answered_probe_resets_the_missed_count()
    {
        var (a, b) = await TwoAsync();
        var limit = _cluster.Options.NumMissedProbesLimit;

        _cluster.Network.Disconnect(b.Silo);
        await _cluster.ProbeRoundsAsync(a, limit - 1);
        _cluster.Network.Connect(b.Silo);
        await _cluster.ProbeRoundsAsync(a, 1);
        _cluster.Network.Disconnect(b.Silo);
        await _cluster.ProbeRoundsAsync(a, limit - 1);
        var beforeLimit = await _cluster.RowAsync(b.Silo);
        await _cluster.ProbeRoundsAsync(a, 1);

        Assert.Equal(SiloStatus.Active, beforeLimit.Status);
        Assert.Empty(beforeLimit.SuspectingSilos);
        Assert.Equal(SiloStatus.Dead, (await _cluster.RowAsync(b.Silo)).Status);
    }

    [Fact]
    public async Task A_voter_voting_again_replaces_its_vote_instead_of_adding_one()
    {
        var (a, _, c) = await ThreeAsync();
        _cluster.Network.Disconnect(c.Silo);

        await _cluster.ProbeRoundsAsync(a, _cluster.Options.NumMissedProbesLimit + 4);
        var row = await _cluster.RowAsync(c.Silo);

        var vote = Assert.Single(row.SuspectingSilos);
        Assert.Equal(a.Silo, vote.Voter);
        Assert.Equal(_cluster.Clock.GetUtcNow(), vote.Timestamp);
        Assert.Equal(SiloStatus.Active, row.Status);
    }

    [Fact]
    public async Task A_silo_never_probes_or_votes_against_itself()
    {
        var (a, b) = await TwoAsync();
        _cluster.Network.Disconnect(a.Silo);
        _cluster.Network.Disconnect(b.Silo);
        var probed = a.ProbedSilos;

        await _cluster.ProbeRoundsAsync(a, _cluster.Options.NumMissedProbesLimit + 2);

        Assert.Equal([b.Silo], probed);
        Assert.Empty((await _cluster.RowAsync(a.Silo)).SuspectingSilos);
        Assert.Equal(SiloStatus.Active, (await _cluster.RowAsync(a.Silo)).Status);
        Assert.Equal(SiloStatus.Dead, (await _cluster.RowAsync(b.Silo)).Status);
    }

    [Fact]
    public async Task Two_voters_racing_both_land_the_loser_re_reads_and_completes_the_death()
    {
        var (a, b, c) = await ThreeAsync();
        _cluster.Network.Disconnect(c.Silo);
        var limit = _cluster.Options.NumMissedProbesLimit;
        await _cluster.ProbeRoundsAsync(a, limit - 1);
        await _cluster.ProbeRoundsAsync(b, limit - 1);

        // b votes between a's read and a's compare-and-set, so a's first write must lose and be retried.
        _cluster.Tables[a.Silo].BeforeNextWrite(() => b.ProbeRoundAsync());
        await a.ProbeRoundAsync();
        var row = await _cluster.RowAsync(c.Silo);

        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Equal([b.Silo, a.Silo], row.SuspectingSilos.Select(v => v.Voter));
        Assert.Equal(2, _cluster.Tables[a.Silo].UpdateCalls - UpdatesBeforeProbing);
        Assert.NotEmpty(_cluster.Logs[a.Silo].WithEventId(3126));
        Assert.Single(_cluster.Logs[a.Silo].WithEventId(3123));
    }

    [Fact]
    public async Task A_vote_that_loses_to_an_unrelated_write_is_retried_on_a_fresh_read()
    {
        var (a, b, c) = await ThreeAsync();
        _cluster.Network.Disconnect(c.Silo);
        await _cluster.ProbeRoundsAsync(a, _cluster.Options.NumMissedProbesLimit);
        await _cluster.ProbeRoundsAsync(b, _cluster.Options.NumMissedProbesLimit - 1);
        var updatesBefore = _cluster.Tables[b.Silo].UpdateCalls;

        // A new silo joins between b's read and b's compare-and-set: the version moved, so b's write must lose.
        _cluster.Tables[b.Silo].BeforeNextWrite(() => _cluster.Create(4).JoinAsync());
        await b.ProbeRoundAsync();
        var row = await _cluster.RowAsync(c.Silo);

        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Equal([a.Silo, b.Silo], row.SuspectingSilos.Select(v => v.Voter));
        Assert.Equal(2, _cluster.Tables[b.Silo].UpdateCalls - updatesBefore);
    }

    [Fact]
    public async Task A_voter_that_loses_to_the_death_declaration_re_reads_and_writes_nothing_more()
    {
        var agents = await _cluster.ActiveAsync(1, 2, 3, 4);
        var (a, b, c, d) = (agents[0], agents[1], agents[2], agents[3]);
        _cluster.Network.Disconnect(d.Silo);
        var limit = _cluster.Options.NumMissedProbesLimit;
        await _cluster.ProbeRoundsAsync(a, limit);
        await _cluster.ProbeRoundsAsync(b, limit - 1);
        await _cluster.ProbeRoundsAsync(c, limit - 1);
        var updatesBefore = _cluster.Tables[b.Silo].UpdateCalls;

        // c's vote completes the two needed between b's read and b's write.
        _cluster.Tables[b.Silo].BeforeNextWrite(() => c.ProbeRoundAsync());
        await b.ProbeRoundAsync();
        var row = await _cluster.RowAsync(d.Silo);

        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Equal([a.Silo, c.Silo], row.SuspectingSilos.Select(v => v.Voter));
        Assert.Equal(1, _cluster.Tables[b.Silo].UpdateCalls - updatesBefore);
        Assert.Empty(_cluster.Logs[b.Silo].WithEventId(3122));
    }

    [Fact]
    public async Task A_silo_that_crashes_while_shutting_down_is_still_probed_and_declared_dead()
    {
        var (a, b, c) = await ThreeAsync();
        await c.AnnounceShuttingDownAsync();
        await _cluster.RefreshAllAsync();
        await c.KillAsync();
        _cluster.Network.Disconnect(c.Silo);

        Assert.Contains(c.Silo, a.ProbedSilos);
        await _cluster.ProbeRoundsAsync(a, _cluster.Options.NumMissedProbesLimit);
        await _cluster.ProbeRoundsAsync(b, _cluster.Options.NumMissedProbesLimit);

        Assert.Equal(SiloStatus.Dead, (await _cluster.RowAsync(c.Silo)).Status);
    }

    [Fact]
    public async Task Probers_voting_concurrently_declare_the_death_once_with_one_vote_each()
    {
        var agents = await _cluster.ActiveAsync(1, 2, 3, 4, 5, 6);
        var victim = agents[3];
        _cluster.Network.Disconnect(victim.Silo);
        var probers = agents.Where(agent => agent.ProbedSilos.Contains(victim.Silo)).Select(agent => agent.Silo).ToHashSet();
        var survivors = agents.Where(agent => agent != victim).ToArray();

        for (var round = 0; round < _cluster.Options.NumMissedProbesLimit; round++)
        {
            _cluster.Clock.Advance(_cluster.Options.ProbePeriod);
            await Task.WhenAll(survivors.Select(agent => Task.Run(() => agent.ProbeRoundAsync())));
        }

        var row = await _cluster.RowAsync(victim.Silo);
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Equal(_cluster.Options.NumVotesForDeathDeclaration, row.SuspectingSilos.Count);
        Assert.Equal(row.SuspectingSilos.Count, row.SuspectingSilos.Select(v => v.Voter).Distinct().Count());
        Assert.All(row.SuspectingSilos, vote => Assert.Contains(vote.Voter, probers));
        foreach (var survivor in survivors)
        {
            var own = await _cluster.RowAsync(survivor.Silo);
            Assert.Equal(SiloStatus.Active, own.Status);
            Assert.Empty(own.SuspectingSilos);
        }
    }

    [Fact]
    public async Task A_partitioned_pair_ends_with_exactly_one_survivor()
    {
        var (a, b) = await TwoAsync();
        _cluster.Network.Cut(a.Silo, b.Silo);
        _cluster.Network.Cut(b.Silo, a.Silo);
        var aDead = 0;
        var bDead = 0;
        a.SelfDeclaredDead += () => aDead++;
        b.SelfDeclaredDead += () => bDead++;

        for (var round = 0; round < _cluster.Options.NumMissedProbesLimit + 1; round++)
        {
            _cluster.Clock.Advance(_cluster.Options.ProbePeriod);
            await a.ProbeRoundAsync();
            await b.ProbeRoundAsync();
        }

        Assert.Equal(SiloStatus.Active, (await _cluster.RowAsync(a.Silo)).Status);
        Assert.Equal(SiloStatus.Dead, (await _cluster.RowAsync(b.Silo)).Status);
        Assert.Equal(0, aDead);
        Assert.Equal(1, bDead);
    }

    [Fact]
    public async Task Each_silo_probes_its_ring_successors_so_every_silo_is_watched()
    {
        var agents = await _cluster.ActiveAsync(1, 2, 3, 4, 5, 6);

        var probedBy = agents.SelectMany(agent => agent.ProbedSilos).GroupBy(silo => silo).ToDictionary(g => g.Key, g => g.Count());

        Assert.All(agents, agent => Assert.Equal(_cluster.Options.NumProbedSilos, agent.ProbedSilos.Count));
        Assert.All(agents, agent => Assert.DoesNotContain(agent.Silo, agent.ProbedSilos));
        Assert.All(agents, agent => Assert.Equal(_cluster.Options.NumProbedSilos, probedBy[agent.Silo]));
    }

    [Fact]
    public async Task Probing_continues_when_a_vote_cannot_be_written()
    {
        var (a, _, c) = await ThreeAsync();
        _cluster.Network.Disconnect(c.Silo);
        await _cluster.ProbeRoundsAsync(a, _cluster.Options.NumMissedProbesLimit - 1);

        _cluster.Tables[a.Silo].BeforeNextWrite(() => throw new MembershipTableException("Test table: write failed."));
        await _cluster.ProbeRoundsAsync(a, 1);
        var failed = await _cluster.RowAsync(c.Silo);
        await _cluster.ProbeRoundsAsync(a, 1);

        Assert.Empty(failed.SuspectingSilos);
        Assert.Equal([a.Silo], (await _cluster.RowAsync(c.Silo)).SuspectingSilos.Select(v => v.Voter));
        Assert.Contains(_cluster.Logs[a.Silo].WithEventId(3125), r => r.Exception is MembershipTableException);
    }

    private int UpdatesBeforeProbing { get; set; }

    private async Task<(MembershipAgent A, MembershipAgent B)> TwoAsync()
    {
        var agents = await _cluster.ActiveAsync(1, 2);
        return (agents[0], agents[1]);
    }

    private async Task<(MembershipAgent A, MembershipAgent B, MembershipAgent C)> ThreeAsync()
    {
        var agents = await _cluster.ActiveAsync(1, 2, 3);
        UpdatesBeforeProbing = _cluster.Tables[agents[0].Silo].UpdateCalls;
        return (agents[0], agents[1], agents[2]);
    }
}
