using Orleans;
using Orleans.Runtime;

namespace GrainChain.Hosting.Tests.Membership;

/// <summary>
/// What Orleans' membership protocol needs from an <see cref="IMembershipTable"/> and its gateway list, run against
/// each store GrainChain supports. Every test works in clusters of its own.
/// </summary>
public abstract class MembershipTableContract<TBackend>(TBackend backend) : IClassFixture<TBackend>, IAsyncLifetime
    where TBackend : MembershipBackend
{
    private readonly List<MembershipConnection> _connections = [];

    /// <summary>The cluster the test works in.</summary>
    protected string ClusterId { get; } = $"cluster-{Guid.NewGuid():N}";

    /// <summary>The first silo's connection to <see cref="ClusterId"/>.</summary>
    protected MembershipConnection Silo { get; private set; } = null!;

    protected IMembershipTable Table => Silo.Table;

    public async Task InitializeAsync() => Silo = await ConnectAsync(ClusterId);

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
    }

    protected async Task<MembershipConnection> ConnectAsync(string clusterId)
    {
        var connection = await backend.ConnectAsync(clusterId);
        _connections.Add(connection);
        return connection;
    }

    /// <summary>Inserts <paramref name="entry"/> with the current table version, as a joining silo does.</summary>
    protected static async Task InsertAsync(IMembershipTable table, MembershipEntry entry)
    {
        var data = await table.ReadAllAsync();
        Assert.True(await table.InsertRowAsync(entry, data.Version.Next()), $"inserting {entry.SiloAddress} failed");
    }

    [Fact]
    public async Task An_empty_table_reads_version_zero_and_no_rows()
    {
        var all = await Table.ReadAllAsync();
        var one = await Table.ReadRowAsync(MembershipEntries.NewSiloAddress());

        Assert.Empty(all.Members);
        Assert.Equal(0, all.Version.Version);
        Assert.NotNull(all.Version.VersionEtag);
        Assert.Empty(one.Members);
        Assert.Equal(all.Version, one.Version);
    }

    [Fact]
    public async Task A_row_inserted_with_the_table_version_is_read_back_whole_and_moves_the_version()
    {
        var entry = MembershipEntries.New();
        var before = await Table.ReadAllAsync();

        Assert.True(await Table.InsertRowAsync(entry, before.Version.Next()));

        var after = await Table.ReadAllAsync();
        Assert.Equal(1, after.Version.Version);
        Assert.NotEqual(before.Version.VersionEtag, after.Version.VersionEtag);
        var (read, etag) = Assert.Single(after.Members);
        read.AssertSameAs(entry);
        Assert.NotNull(etag);
    }

    [Fact]
    public async Task An_insert_with_a_stale_table_version_is_refused_and_changes_nothing()
    {
        var stale = (await Table.ReadAllAsync()).Version.Next();
        var first = MembershipEntries.New();
        Assert.True(await Table.InsertRowAsync(first, stale));

        Assert.False(await Table.InsertRowAsync(MembershipEntries.New(), stale));

        var after = await Table.ReadAllAsync();
        Assert.Equal(1, after.Version.Version);
        Assert.Single(after.Members).Item1.AssertSameAs(first);
    }

    [Fact]
    public async Task An_insert_of_a_silo_already_in_the_table_is_refused_and_changes_nothing()
    {
        var entry = MembershipEntries.New();
        await InsertAsync(Table, entry);
        var current = await Table.ReadAllAsync();

        Assert.False(await Table.InsertRowAsync(entry.With(status: SiloStatus.Active), current.Version.Next()));

        var after = await Table.ReadAllAsync();
        Assert.Equal(current.Version, after.Version);
        Assert.Single(after.Members).Item1.AssertSameAs(entry);
    }

    [Fact]
    public async Task An_update_with_the_etag_and_version_just_read_succeeds_and_moves_the_version()
    {
        var entry = MembershipEntries.New();
        await InsertAsync(Table, entry);
        var read = await Table.ReadRowAsync(entry.SiloAddress);
        var (_, etag) = Assert.Single(read.Members);
        var suspicion = new List<Tuple<SiloAddress, DateTime>> { Tuple.Create(MembershipEntries.NewSiloAddress(), MembershipEntries.BaseTime.AddSeconds(7)) };
        var updated = entry.With(SiloStatus.Active, MembershipEntries.BaseTime.AddSeconds(9), suspicion);

        Assert.True(await Table.UpdateRowAsync(updated, etag, read.Version.Next()));

        var after = await Table.ReadAllAsync();
        Assert.Equal(read.Version.Version + 1, after.Version.Version);
        Assert.Single(after.Members).Item1.AssertSameAs(updated);
    }

    // Orleans' ADO.NET provider gives every row the table version as its ETag and never passes a row ETag to SQL:
    // there the table version, which every row change moves on, is what refuses a write based on a stale read of the
    // row. The in-memory table checks both. Either way, the write below must be refused.
    [Fact]
    public async Task An_update_from_a_stale_read_of_the_row_is_refused_and_changes_nothing()
    {
        var entry = MembershipEntries.New();
        await InsertAsync(Table, entry);
        var stale = await Table.ReadRowAsync(entry.SiloAddress);
        var staleEtag = stale.Members[0].Item2;
        var active = entry.With(status: SiloStatus.Active);
        Assert.True(await Table.UpdateRowAsync(active, staleEtag, stale.Version.Next()));

        Assert.False(await Table.UpdateRowAsync(entry.With(status: SiloStatus.Dead), staleEtag, stale.Version.Next()));

        var after = await Table.ReadAllAsync();
        Assert.Equal(stale.Version.Version + 1, after.Version.Version);
        Assert.Single(after.Members).Item1.AssertSameAs(active);
    }

    [Fact]
    public async Task An_update_with_a_stale_table_version_is_refused_even_for_an_unchanged_row()
    {
        var changed = MembershipEntries.New();
        var untouched = MembershipEntries.New();
        await InsertAsync(Table, changed);
        await InsertAsync(Table, untouched);
        var read = await Table.ReadAllAsync();
        Assert.True(await Table.UpdateRowAsync(changed.With(status: SiloStatus.Active), read.TryGet(changed.SiloAddress)!.Item2, read.Version.Next()));

        Assert.False(await Table.UpdateRowAsync(untouched.With(status: SiloStatus.Dead), read.TryGet(untouched.SiloAddress)!.Item2, read.Version.Next()));

        var after = await Table.ReadAllAsync();
        Assert.Equal(read.Version.Version + 1, after.Version.Version);
        after.TryGet(untouched.SiloAddress)!.Item1.AssertSameAs(untouched);
    }

    [Fact]
    public async Task An_update_of_a_silo_not_in_the_table_is_refused_and_changes_nothing()
    {
        await InsertAsync(Table, MembershipEntries.New());
        var read = await Table.ReadAllAsync();

        Assert.False(await Table.UpdateRowAsync(MembershipEntries.New(SiloStatus.Active), read.Members[0].Item2, read.Version.Next()));

        var after = await Table.ReadAllAsync();
        Assert.Equal(read.Version, after.Version);
        Assert.Single(after.Members);
    }

    [Fact]
    public async Task Of_concurrent_updates_from_the_same_read_exactly_one_wins()
    {
        var other = await ConnectAsync(ClusterId);
        var entry = MembershipEntries.New();
        await InsertAsync(Table, entry);

        for (var round = 0; round < 5; round++)
        {
            var read = await Table.ReadRowAsync(entry.SiloAddress);
            var etag = read.Members[0].Item2;
            var writes = Enumerable.Range(0, 4).Select(i => entry.With(iAmAlive: MembershipEntries.BaseTime.AddMinutes(round * 10 + i))).ToList();

            var results = await RaceAsync(writes.Select((write, i) =>
                (Func<Task<bool>>)(() => (i % 2 == 0 ? Table : other.Table).UpdateRowAsync(write, etag, read.Version.Next()))));

            var winner = Assert.Single(results.Select((won, i) => (won, i)), r => r.won).i;
            var after = await other.Table.ReadAllAsync();
            Assert.Equal(read.Version.Version + 1, after.Version.Version);
            Assert.Single(after.Members).Item1.AssertSameAs(writes[winner]);
        }
    }

    [Fact]
    public async Task Of_concurrent_inserts_with_the_same_table_version_exactly_one_wins()
    {
        var other = await ConnectAsync(ClusterId);
        var version = (await Table.ReadAllAsync()).Version.Next();
        var entries = Enumerable.Range(0, 6).Select(_ => MembershipEntries.New()).ToList();

        var results = await RaceAsync(entries.Select((entry, i) =>
            (Func<Task<bool>>)(() => (i % 2 == 0 ? Table : other.Table).InsertRowAsync(entry, version))));

        var winner = Assert.Single(results.Select((won, i) => (won, i)), r => r.won).i;
        var after = await Table.ReadAllAsync();
        Assert.Equal(1, after.Version.Version);
        Assert.Single(after.Members).Item1.AssertSameAs(entries[winner]);
    }

    [Fact]
    public async Task UpdateIAmAlive_moves_the_heartbeat_only_and_leaves_the_table_version()
    {
        var entry = MembershipEntries.New(SiloStatus.Active);
        await InsertAsync(Table, entry);
        var before = await Table.ReadAllAsync();
        var heartbeat = MembershipEntries.BaseTime.AddSeconds(30);

        await Table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = heartbeat });

        var after = await Table.ReadAllAsync();
        Assert.Equal(before.Version, after.Version);
        var (read, etag) = Assert.Single(after.Members);
        read.AssertSameAs(entry.With(iAmAlive: heartbeat));
        Assert.True(await Table.UpdateRowAsync(read.With(status: SiloStatus.ShuttingDown), etag, after.Version.Next()));
    }

    [Fact]
    public async Task ReadRow_returns_the_one_silo_asked_for_and_ReadAll_every_silo_of_the_cluster()
    {
        var entries = Enumerable.Range(0, 3).Select(i => MembershipEntries.New(SiloStatus.Active, 30000 + i)).ToList();
        foreach (var entry in entries) await InsertAsync(Table, entry);
        await InsertAsync((await ConnectAsync($"{ClusterId}-other")).Table, MembershipEntries.New(SiloStatus.Active));

        var one = await Table.ReadRowAsync(entries[1].SiloAddress);
        var all = await Table.ReadAllAsync();

        Assert.Single(one.Members).Item1.AssertSameAs(entries[1]);
        Assert.Equal(3, all.Version.Version);
        Assert.Equal(all.Version, one.Version);
        Assert.Equal(3, all.Members.Count);
        foreach (var entry in entries) all.TryGet(entry.SiloAddress)!.Item1.AssertSameAs(entry);
    }

    [Fact]
    public async Task The_gateways_are_the_Active_silos_of_the_cluster_that_accept_clients()
    {
        var gateway = MembershipEntries.New(SiloStatus.Active, 30001);
        var secondGateway = MembershipEntries.New(SiloStatus.Active, 30002);
        foreach (var entry in new[]
                 {
                     gateway,
                     MembershipEntries.New(SiloStatus.Active, proxyPort: 0),
                     MembershipEntries.New(SiloStatus.Joining, 30003),
                     MembershipEntries.New(SiloStatus.ShuttingDown, 30004),
                     MembershipEntries.New(SiloStatus.Dead, 30005),
                     secondGateway,
                 })
        {
            await InsertAsync(Table, entry);
        }

        await InsertAsync((await ConnectAsync($"{ClusterId}-other")).Table, MembershipEntries.New(SiloStatus.Active, 30006));

        var gateways = await Silo.Gateways.GetGatewaysAsync();

        Assert.Equal(
            new[] { gateway.GatewayUri(), secondGateway.GatewayUri() }.Select(u => u.ToString()).Order(),
            gateways.Select(u => u.ToString()).Order());
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_removes_Dead_silos_untouched_since_the_date_and_keeps_the_rest()
    {
        var old = MembershipEntries.BaseTime.AddDays(-10);
        var cutoff = MembershipEntries.BaseTime.AddDays(-3);
        var oldDead = MembershipEntries.New(SiloStatus.Dead, time: old);
        var oldDeadOldVotes = MembershipEntries.New(SiloStatus.Joining, time: old);
        var oldDeadRecentVote = MembershipEntries.New(SiloStatus.Joining, time: old);
        var oldDeadRecentHeartbeat = MembershipEntries.New(SiloStatus.Dead, time: old).With(iAmAlive: MembershipEntries.BaseTime);
        var recentDead = MembershipEntries.New(SiloStatus.Dead);
        var oldJoining = MembershipEntries.New(SiloStatus.Joining, time: old);
        var oldShuttingDown = MembershipEntries.New(SiloStatus.ShuttingDown, time: old);
        var oldActive = MembershipEntries.New(SiloStatus.Active, time: old);
        foreach (var entry in new[] { oldDead, oldDeadOldVotes, oldDeadRecentVote, oldDeadRecentHeartbeat, recentDead, oldJoining, oldShuttingDown, oldActive })
            await InsertAsync(Table, entry);
        // Silos are voted dead through row updates (an insert carries no votes).
        await DeclareDeadAsync(oldDeadOldVotes, old.AddHours(1), old.AddHours(2));
        await DeclareDeadAsync(oldDeadRecentVote, old.AddHours(1), MembershipEntries.BaseTime);
        var otherCluster = (await ConnectAsync($"{ClusterId}-other")).Table;
        var otherOldDead = MembershipEntries.New(SiloStatus.Dead, time: old);
        await InsertAsync(otherCluster, otherOldDead);

        await Table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(cutoff));

        var kept = (await Table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress).ToHashSet();
        var expected = new[] { oldDeadRecentVote, oldDeadRecentHeartbeat, recentDead, oldJoining, oldShuttingDown, oldActive };
        Assert.Equal(expected.Select(e => e.SiloAddress).ToHashSet(), kept);
        Assert.Single((await otherCluster.ReadAllAsync()).Members).Item1.AssertSameAs(otherOldDead);
    }

    private async Task DeclareDeadAsync(MembershipEntry entry, params DateTime[] votes)
    {
        var read = await Table.ReadRowAsync(entry.SiloAddress);
        var suspicion = votes.Select(t => Tuple.Create(MembershipEntries.NewSiloAddress(), t)).ToList();
        Assert.True(await Table.UpdateRowAsync(entry.With(SiloStatus.Dead, suspectTimes: suspicion), read.Members[0].Item2, read.Version.Next()));
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_removes_the_clusters_rows_and_leaves_another_clusters_alone()
    {
        foreach (var _ in Enumerable.Range(0, 2)) await InsertAsync(Table, MembershipEntries.New(SiloStatus.Active));
        var otherCluster = (await ConnectAsync($"{ClusterId}-other")).Table;
        var otherEntry = MembershipEntries.New(SiloStatus.Active);
        await InsertAsync(otherCluster, otherEntry);
        var otherBefore = await otherCluster.ReadAllAsync();

        await Table.DeleteMembershipTableEntriesAsync(ClusterId);

        var after = await Table.ReadAllAsync();
        Assert.Empty(after.Members);
        var otherAfter = await otherCluster.ReadAllAsync();
        Assert.Equal(otherBefore.Version, otherAfter.Version);
        Assert.Single(otherAfter.Members).Item1.AssertSameAs(otherEntry);
        await InsertAsync(Table, MembershipEntries.New());
        Assert.Single((await Table.ReadAllAsync()).Members);
    }

    /// <summary>Starts every write on its own thread at once and returns their answers in order.</summary>
    private static async Task<bool[]> RaceAsync(IEnumerable<Func<Task<bool>>> writes)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = writes.Select(write => Task.Run(async () =>
        {
            await start.Task;
            return await write();
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(running);
    }
}
