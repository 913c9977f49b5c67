using System.Net;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Tests.Membership;

/// <summary>
/// The behaviour every <see cref="IMembershipTable"/> must show. Each test runs in a cluster id of its own, so
/// tests never see each other's rows even where they share a database.
/// </summary>
public abstract class MembershipTableContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Epoch = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private readonly List<IMembershipTable> _opened = [];

    protected string ClusterId { get; } = "cluster-" + Guid.NewGuid().ToString("N");

    /// <summary>The table under test, initialised for <see cref="ClusterId"/>.</summary>
    protected IMembershipTable Table { get; private set; } = null!;

    /// <summary>A new table instance over this test's database (same file, server or store) for <paramref name="clusterId"/>.</summary>
    protected abstract IMembershipTable CreateTable(string clusterId);

    /// <summary>Removes this test's database after every instance was disposed.</summary>
    protected virtual Task DeleteDataAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Table = Open(ClusterId);
        await Table.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var table in _opened)
        {
            switch (table)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        await DeleteDataAsync();
    }

    protected IMembershipTable Open(string clusterId)
    {
        var table = CreateTable(clusterId);
        _opened.Add(table);
        return table;
    }

    protected static SiloAddress Silo(int port, long generation = 1000) => new(new IPEndPoint(IPAddress.Loopback, port), generation);

    protected static MembershipEntry Entry(SiloAddress silo, SiloStatus status = SiloStatus.Joining, DateTimeOffset? alive = null) => new()
    {
        Silo = silo,
        Status = status,
        HostName = "host-" + silo.Endpoint.Port,
        StartTime = Epoch.AddTicks(silo.Generation),
        IAmAliveTime = alive ?? Epoch.AddTicks(silo.Generation + 7),
    };

    protected static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.Silo, actual.Silo);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.StartTime.UtcTicks, actual.StartTime.UtcTicks);
        Assert.Equal(expected.IAmAliveTime.UtcTicks, actual.IAmAliveTime.UtcTicks);
        Assert.Equal(expected.ProxyPort, actual.ProxyPort);
        Assert.Equal(
            expected.SuspectingSilos.Select(vote => (vote.Voter, vote.Timestamp.UtcTicks)),
            actual.SuspectingSilos.Select(vote => (vote.Voter, vote.Timestamp.UtcTicks)));
    }

    [Fact]
    public async Task A_fresh_cluster_is_empty_at_version_zero()
    {
        var snapshot = await Table.ReadAllAsync();

        Assert.Empty(snapshot.Rows);
        Assert.Equal(0, snapshot.Version.Version);
        Assert.False(string.IsNullOrEmpty(snapshot.Version.ETag));
    }

    [Fact]
    public async Task An_inserted_row_reads_back_whole_with_the_version_raised_by_one()
    {
        var entry = Entry(Silo(11111)) with { ProxyPort = 30000, Status = SiloStatus.Active };
        var before = await Table.ReadAllAsync();

        Assert.True(await Table.InsertRowAsync(entry, before.Version));

        var all = await Table.ReadAllAsync();
        var row = Assert.Single(all.Rows);
        AssertSameEntry(entry, row.Entry);
        Assert.Equal(1, all.Version.Version);
        Assert.NotEqual(before.Version.ETag, all.Version.ETag);
        var one = await Table.ReadRowAsync(entry.Silo);
        AssertSameEntry(entry, Assert.Single(one.Rows).Entry);
        Assert.Equal(row.ETag, one.Rows[0].ETag);
        Assert.Equal(all.Version, one.Version);
    }

    [Fact]
    public async Task Reading_one_row_returns_only_that_silo_and_none_for_an_unknown_one()
    {
        var version = (await Table.ReadAllAsync()).Version;
        Assert.True(await Table.InsertRowAsync(Entry(Silo(1)), version));
        version = (await Table.ReadAllAsync()).Version;
        Assert.True(await Table.InsertRowAsync(Entry(Silo(2)), version));

        var second = await Table.ReadRowAsync(Silo(2));
        var otherGeneration = await Table.ReadRowAsync(Silo(2, generation: 1001));

        Assert.Equal(Silo(2), Assert.Single(second.Rows).Entry.Silo);
        Assert.Empty(otherGeneration.Rows);
        Assert.Equal(2, otherGeneration.Version.Version);
    }

    [Fact]
    public async Task Every_insert_and_update_raises_the_version_by_exactly_one()
    {
        var silo = Silo(5000);
        Assert.True(await Table.InsertRowAsync(Entry(silo), (await Table.ReadAllAsync()).Version));
        for (var expected = 2; expected <= 6; expected++)
        {
            var snapshot = await Table.ReadAllAsync();
            var row = Assert.Single(snapshot.Rows);
            var status = expected % 2 == 0 ? SiloStatus.Active : SiloStatus.ShuttingDown;

            Assert.True(await Table.UpdateRowAsync(row.Entry with { Status = status }, row.ETag, snapshot.Version));

            var after = await Table.ReadAllAsync();
            Assert.Equal(expected, after.Version.Version);
            Assert.Equal(status, after.Rows[0].Entry.Status);
            Assert.NotEqual(row.ETag, after.Rows[0].ETag);
        }
    }

    [Fact]
    public async Task An_update_with_a_stale_row_etag_is_rejected_and_changes_nothing()
    {
        var silo = Silo(6000);
        Assert.True(await Table.InsertRowAsync(Entry(silo), (await Table.ReadAllAsync()).Version));
        var first = await Table.ReadAllAsync();
        Assert.True(await Table.UpdateRowAsync(first.Rows[0].Entry with { Status = SiloStatus.Active }, first.Rows[0].ETag, first.Version));
        var current = await Table.ReadAllAsync();

        // The version is current, only the row ETag is stale.
        Assert.False(await Table.UpdateRowAsync(first.Rows[0].Entry with { Status = SiloStatus.Dead }, first.Rows[0].ETag, current.Version));

        var after = await Table.ReadAllAsync();
        Assert.Equal(current.Version, after.Version);
        Assert.Equal(SiloStatus.Active, after.Rows[0].Entry.Status);
    }

    [Fact]
    public async Task A_write_with_a_stale_table_version_is_rejected_and_changes_nothing()
    {
        var start = await Table.ReadAllAsync();
        Assert.True(await Table.InsertRowAsync(Entry(Silo(7000)), start.Version));
        var current = await Table.ReadAllAsync();
        var row = current.Rows[0];
        Assert.True(await Table.InsertRowAsync(Entry(Silo(7001)), current.Version));

        Assert.False(await Table.InsertRowAsync(Entry(Silo(7002)), start.Version));
        Assert.False(await Table.InsertRowAsync(Entry(Silo(7002)), current.Version));
        // The row ETag is current, only the version is stale.
        Assert.False(await Table.UpdateRowAsync(row.Entry with { Status = SiloStatus.Dead }, row.ETag, current.Version));
        // The right number with a different ETag is stale too.
        var latest = await Table.ReadAllAsync();
        Assert.False(await Table.InsertRowAsync(Entry(Silo(7002)), latest.Version with { ETag = current.Version.ETag }));

        var after = await Table.ReadAllAsync();
        Assert.Equal(2, after.Version.Version);
        Assert.Equal([Silo(7000), Silo(7001)], after.Rows.Select(r => r.Entry.Silo).OrderBy(s => s.Endpoint.Port));
        Assert.All(after.Rows, r => Assert.Equal(SiloStatus.Joining, r.Entry.Status));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-etag")]
    [InlineData("0000000000000000")]
    [InlineData("'; DROP TABLE grainchain_membership; --")]
    public async Task Malformed_etags_lose_the_compare_and_set_without_throwing(string etag)
    {
        Assert.True(await Table.InsertRowAsync(Entry(Silo(7100)), (await Table.ReadAllAsync()).Version));
        var snapshot = await Table.ReadAllAsync();

        Assert.False(await Table.UpdateRowAsync(snapshot.Rows[0].Entry, etag, snapshot.Version));
        Assert.False(await Table.UpdateRowAsync(snapshot.Rows[0].Entry, snapshot.Rows[0].ETag, snapshot.Version with { ETag = etag }));
        Assert.False(await Table.InsertRowAsync(Entry(Silo(7101)), snapshot.Version with { ETag = etag }));

        Assert.Equal(snapshot.Version, (await Table.ReadAllAsync()).Version);
    }

    [Fact]
    public async Task Inserting_a_silo_that_has_a_row_fails_and_keeps_the_version()
    {
        Assert.True(await Table.InsertRowAsync(Entry(Silo(7200)), (await Table.ReadAllAsync()).Version));
        var snapshot = await Table.ReadAllAsync();

        Assert.False(await Table.InsertRowAsync(Entry(Silo(7200), SiloStatus.Dead), snapshot.Version));

        var after = await Table.ReadAllAsync();
        Assert.Equal(snapshot.Version, after.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(after.Rows).Entry.Status);
    }

    [Fact]
    public async Task Of_ten_racing_inserts_at_one_version_exactly_one_wins()
    {
        var version = (await Table.ReadAllAsync()).Version;
        var racers = Enumerable.Range(0, 10).Select(i => (Table: Open(ClusterId), Entry: Entry(Silo(8000 + i)))).ToList();

        var results = await Task.WhenAll(racers.Select(r => Task.Run(() => r.Table.InsertRowAsync(r.Entry, version))));

        Assert.Equal(1, results.Count(won => won));
        var after = await Table.ReadAllAsync();
        Assert.Equal(1, after.Version.Version);
        Assert.Equal(racers[Array.IndexOf(results, true)].Entry.Silo, Assert.Single(after.Rows).Entry.Silo);
    }

    [Fact]
    public async Task Of_ten_racing_votes_on_one_row_exactly_one_is_written()
    {
        var target = Silo(9000);
        Assert.True(await Table.InsertRowAsync(Entry(target, SiloStatus.Active), (await Table.ReadAllAsync()).Version));
        var snapshot = await Table.ReadAllAsync();
        var row = snapshot.Rows[0];
        var racers = Enumerable.Range(0, 10).Select(i => (
            Table: Open(ClusterId),
            Entry: row.Entry with { SuspectingSilos = [new SuspicionVote(Silo(9100 + i), Epoch.AddSeconds(i))] })).ToList();

        var results = await Task.WhenAll(racers.Select(r => Task.Run(() => r.Table.UpdateRowAsync(r.Entry, row.ETag, snapshot.Version))));

        Assert.Equal(1, results.Count(won => won));
        var after = await Table.ReadAllAsync();
        Assert.Equal(snapshot.Version.Version + 1, after.Version.Version);
        AssertSameEntry(racers[Array.IndexOf(results, true)].Entry, Assert.Single(after.Rows).Entry);
    }

    [Fact]
    public async Task Suspicion_votes_round_trip_with_their_voters_and_timestamps()
    {
        var votes = new[]
        {
            new SuspicionVote(Silo(10001, generation: 42), Epoch.AddTicks(123_456_789)),
            new SuspicionVote(new SiloAddress(new IPEndPoint(IPAddress.IPv6Loopback, 10002), 7), new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.FromHours(2)).AddTicks(1)),
            new SuspicionVote(Silo(10001, generation: 43), Epoch),
        };
        var entry = Entry(Silo(10000)) with { SuspectingSilos = votes, Status = SiloStatus.Active };
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync()).Version));

        var read = Assert.Single((await Table.ReadAllAsync()).Rows).Entry;

        AssertSameEntry(entry, read);
        Assert.All(read.SuspectingSilos, vote => Assert.Equal(TimeSpan.Zero, vote.Timestamp.Offset));
    }

    [Fact]
    public async Task A_heartbeat_changes_only_the_alive_time_not_the_version_or_etag()
    {
        var entry = Entry(Silo(11000), SiloStatus.Active);
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync()).Version));
        var before = await Table.ReadAllAsync();
        var alive = Epoch.AddMinutes(5).AddTicks(3);

        // Only the heartbeat is taken from the entry passed in.
        await Table.UpdateIAmAliveAsync(entry with { IAmAliveTime = alive, Status = SiloStatus.Dead });

        var after = await Table.ReadAllAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Rows[0].ETag, after.Rows[0].ETag);
        AssertSameEntry(entry with { IAmAliveTime = alive }, after.Rows[0].Entry);
        // The row ETag still works for a real update.
        Assert.True(await Table.UpdateRowAsync(after.Rows[0].Entry, after.Rows[0].ETag, after.Version));
    }

    [Fact]
    public async Task A_heartbeat_for_a_silo_without_a_row_fails_naming_it()
    {
        var failure = await Assert.ThrowsAsync<MembershipTableException>(() => Table.UpdateIAmAliveAsync(Entry(Silo(11500))));

        Assert.Contains(Silo(11500).ToString(), failure.Message);
    }

    [Fact]
    public async Task Cleanup_removes_only_dead_rows_older_than_the_date()
    {
        var cutoff = Epoch.AddHours(1);
        var other = Open(ClusterId + "-other");
        await other.InitializeAsync();
        Assert.True(await other.InsertRowAsync(Entry(Silo(12000), SiloStatus.Dead, cutoff.AddTicks(-1)), (await other.ReadAllAsync()).Version));
        (int Port, SiloStatus Status, DateTimeOffset Alive)[] rows =
        [
            (12000, SiloStatus.Dead, cutoff.AddTicks(-1)),
            (12001, SiloStatus.Dead, cutoff),
            (12002, SiloStatus.Dead, cutoff.AddDays(1)),
            (12003, SiloStatus.Active, cutoff.AddDays(-1)),
            (12004, SiloStatus.ShuttingDown, cutoff.AddDays(-1)),
            (12005, SiloStatus.Joining, cutoff.AddDays(-1)),
            (12006, SiloStatus.Dead, cutoff.AddDays(-30)),
        ];
        foreach (var (port, status, alive) in rows)
        {
            Assert.True(await Table.InsertRowAsync(Entry(Silo(port), status, alive), (await Table.ReadAllAsync()).Version));
        }

        var removed = await Table.CleanupDefunctSiloEntriesAsync(cutoff);

        Assert.Equal(2, removed);
        var left = (await Table.ReadAllAsync()).Rows.Select(r => r.Entry.Silo.Endpoint.Port).Order();
        Assert.Equal([12001, 12002, 12003, 12004, 12005], left);
        Assert.Single((await other.ReadAllAsync()).Rows);
    }

    [Fact]
    public async Task Clusters_sharing_a_database_do_not_see_each_other()
    {
        var other = Open(ClusterId + "-b");
        await other.InitializeAsync();
        Assert.True(await Table.InsertRowAsync(Entry(Silo(13000)), (await Table.ReadAllAsync()).Version));
        Assert.True(await Table.InsertRowAsync(Entry(Silo(13001)), (await Table.ReadAllAsync()).Version));
        Assert.True(await other.InsertRowAsync(Entry(Silo(13000), SiloStatus.Active), (await other.ReadAllAsync()).Version));

        var mine = await Table.ReadAllAsync();
        var theirs = await other.ReadAllAsync();

        Assert.Equal(2, mine.Version.Version);
        Assert.Equal(1, theirs.Version.Version);
        Assert.Equal(SiloStatus.Active, Assert.Single(theirs.Rows).Entry.Status);
        Assert.Equal(SiloStatus.Joining, (await Table.ReadRowAsync(Silo(13000))).Rows[0].Entry.Status);
        // Another cluster's version is no use here even when the number matches.
        Assert.False(await Table.InsertRowAsync(Entry(Silo(13002)), theirs.Version with { Version = mine.Version.Version }));

        await Table.DeleteMembershipTableEntriesAsync(ClusterId);

        Assert.Single((await other.ReadAllAsync()).Rows);
        await Assert.ThrowsAsync<MembershipTableException>(() => Table.ReadAllAsync());
    }

    [Fact]
    public async Task Initialising_again_keeps_rows_and_version()
    {
        Assert.True(await Table.InsertRowAsync(Entry(Silo(14000)), (await Table.ReadAllAsync()).Version));
        var before = await Table.ReadAllAsync();

        await Table.InitializeAsync();
        await Open(ClusterId).InitializeAsync();

        var after = await Table.ReadAllAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Single(after.Rows);
    }

    [Fact]
    public async Task A_deleted_and_recreated_cluster_refuses_versions_read_before_the_delete()
    {
        var old = await Table.ReadAllAsync();

        await Table.DeleteMembershipTableEntriesAsync(ClusterId);
        await Table.InitializeAsync();

        var fresh = await Table.ReadAllAsync();
        Assert.Equal(0, fresh.Version.Version);
        Assert.Empty(fresh.Rows);
        Assert.False(await Table.InsertRowAsync(Entry(Silo(15000)), old.Version));
        Assert.True(await Table.InsertRowAsync(Entry(Silo(15000)), fresh.Version));
    }

    [Fact]
    public async Task Using_a_cluster_that_was_never_initialised_fails_naming_it()
    {
        var missing = ClusterId + "-never";
        var table = Open(missing);

        var failure = await Assert.ThrowsAsync<MembershipTableException>(() => table.ReadAllAsync());

        Assert.Contains(missing, failure.Message);
        Assert.Contains("InitializeAsync", failure.Message);
    }
}
