using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Tests.Membership;

/// <summary>Agents of two silo processes sharing one SQLite file: each opens the file through its own table.</summary>
public sealed class SqliteMembershipAgentTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("grainchain-agents-").FullName;
    private readonly List<SqliteMembershipTable> _tables = [];
    private readonly AgentTestCluster _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        foreach (var table in _tables)
        {
            await table.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Two_agents_on_one_sqlite_file_converge_and_detect_a_death()
    {
        var a = _cluster.Create(1, table: OpenTable());
        var b = _cluster.Create(2, table: OpenTable());

        await a.JoinAsync();
        await b.JoinAsync();
        await a.BecomeActiveAsync();
        await b.BecomeActiveAsync();
        await a.RefreshAsync();
        await b.RefreshAsync();

        Assert.Equal(a.CurrentView.Version, b.CurrentView.Version);
        Assert.Equal(a.CurrentView.ActiveSilos.AsEnumerable(), b.CurrentView.ActiveSilos.AsEnumerable());
        Assert.Equal(2, a.CurrentView.ActiveSilos.Length);

        await b.KillAsync();
        _cluster.Network.Disconnect(b.Silo);
        await _cluster.ProbeRoundsAsync(a, _cluster.Options.NumMissedProbesLimit);

        var row = (await OpenTable().ReadAllAsync()).Rows.Single(r => r.Entry.Silo == b.Silo).Entry;
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Equal(a.Silo, Assert.Single(row.SuspectingSilos).Voter);
        Assert.Equal(SiloStatus.Dead, a.CurrentView.GetStatus(b.Silo));
    }

    private SqliteMembershipTable OpenTable()
    {
        var table = new SqliteMembershipTable(new SqliteMembershipOptions
        {
            ClusterId = _cluster.ClusterId,
            DataSource = Path.Combine(_directory, "membership.db"),
        });
        _tables.Add(table);
        return table;
    }
}
