using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Tests.Support;

namespace GrainChain.Runtime.Tests.Membership;

/// <summary>Table reads asked for by others (notifications, unreachable peers): skipped when not needed, coalesced in bursts, never trusted.</summary>
public sealed class RefreshRequestTests : IAsyncLifetime
{
    private readonly AgentTestCluster _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_request_for_a_version_the_view_already_has_reads_nothing()
    {
        var (a, _) = await TwoAsync();
        var view = a.CurrentView;
        var reads = _cluster.Tables[a.Silo].ReadAllCalls;

        var older = await a.RequestRefreshAsync(view.Version - 1).Within();
        var same = await a.RequestRefreshAsync(view.Version).Within();

        Assert.Same(view, older);
        Assert.Same(view, same);
        Assert.Same(view, a.CurrentView);
        Assert.Equal(reads, _cluster.Tables[a.Silo].ReadAllCalls);
    }

    [Fact]
    public async Task A_request_for_a_newer_version_reads_the_table_and_publishes_it()
    {
        var (a, b) = await TwoAsync();
        var published = new List<long>();
        a.ViewChanged += view => published.Add(view.Version);

        await b.ShutDownAsync();
        var tableVersion = b.CurrentView.Version;
        var view = await a.RequestRefreshAsync(tableVersion).Within();

        Assert.Equal(tableVersion, view.Version);
        Assert.Equal(SiloStatus.Dead, view.GetStatus(b.Silo));
        Assert.Equal([tableVersion], published);
    }

    [Fact]
    public async Task A_forged_version_causes_one_read_and_cannot_move_the_view_past_the_table()
    {
        var (a, _) = await TwoAsync();
        var view = a.CurrentView;
        var reads = _cluster.Tables[a.Silo].ReadAllCalls;

        var after = await a.RequestRefreshAsync(long.MaxValue).Within();

        Assert.Same(view, after);
        Assert.Equal(reads + 1, _cluster.Tables[a.Silo].ReadAllCalls);
    }

    [Fact]
    public async Task A_burst_of_requests_costs_one_read_in_flight_and_one_more()
    {
        var (a, b) = await TwoAsync();
        var table = _cluster.Tables[a.Silo];
        var hold = table.HoldReads();
        var reads = table.ReadAllCalls;

        var first = a.RequestRefreshAsync();
        await hold.Entered.Task.Within();
        // The table moves while the first read is held: the requests made now must see it.
        await b.ShutDownAsync();
        var burst = Enumerable.Range(0, 20).Select(_ => a.RequestRefreshAsync()).ToList();
        hold.Release();
        await first.Within();
        var views = await Task.WhenAll(burst).Within();

        Assert.Equal(reads + 2, table.ReadAllCalls);
        Assert.All(views, view => Assert.Equal(SiloStatus.Dead, view.GetStatus(b.Silo)));
    }

    [Fact]
    public async Task A_failed_read_is_logged_and_answers_with_the_view_held()
    {
        var (a, _) = await TwoAsync();
        var view = a.CurrentView;
        _cluster.Tables[a.Silo].Failing = true;

        var after = await a.RequestRefreshAsync(view.Version + 1).Within();

        Assert.Same(view, after);
        Assert.Single(_cluster.Logs[a.Silo].WithEventId(3125));
    }

    private async Task<(MembershipAgent A, MembershipAgent B)> TwoAsync()
    {
        var agents = await _cluster.ActiveAsync(1, 2);
        return (agents[0], agents[1]);
    }
}
