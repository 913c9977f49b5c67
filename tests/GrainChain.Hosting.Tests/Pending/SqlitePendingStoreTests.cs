using GrainChain.Hosting.Pending;
using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Sqlite;
using GrainChain.Hosting.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;
using static GrainChain.Hosting.Tests.Pending.TestPending;

namespace GrainChain.Hosting.Tests.Pending;

/// <summary>What only the SQLite store has to show: rows outlive the store and its process's services, stores on one
/// file (as in several silo processes) share it, reads never wait for the write lock, an empty write never asks for
/// it, and rows numbered upward cost the WAL a few pages per write.</summary>
public sealed class SqlitePendingStoreTests(ITestOutputHelper output) : IDisposable
{
    private const string ServiceId = "pending-sqlite";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Rows_written_are_read_by_a_store_reopened_on_the_same_file()
    {
        var rows = Rows("durable", 50);
        await using (var services = await ServicesAsync())
        {
            var store = services.GetRequiredService<IPendingTransactionStore>();
            await store.WriteAsync("node", rows, []);
            await store.WriteAsync("node", [], [rows[0].Sequence]);
        }

        SqliteConnection.ClearAllPools();
        await using var reopened = await ServicesAsync();

        Assert.Equal(rows.Skip(1), await reopened.GetRequiredService<IPendingTransactionStore>().ReadAsync("node"));
    }

    [Fact]
    public async Task Stores_on_one_file_share_their_rows_and_their_writers_take_turns()
    {
        var rows = Rows("shared", 200);
        await using var firstSource = await OpenAsync();
        await using var secondSource = new SqliteDataSource(new SqliteDatabaseOptions { Path = _folder.File("pending.db") });
        using var first = Store(firstSource);
        using var second = Store(secondSource);

        // Two writers (as in two silo processes) contend for the file's one write lock, one row per write.
        await Task.WhenAll(
            Task.Run(async () => { foreach (var row in rows[..100]) await first.WriteAsync("node", [row], []); }),
            Task.Run(async () => { foreach (var row in rows[100..]) await second.WriteAsync("node", [row], []); }));

        Assert.Equal(rows, await first.ReadAsync("node"));
        Assert.Equal(rows, await second.ReadAsync("node"));
    }

    [Fact]
    public async Task A_write_waits_for_a_write_lock_held_elsewhere_and_reads_and_empty_writes_do_not()
    {
        var held = Row("held", 0);
        var row = Row("locked", 1);
        await using var dataSource = await OpenAsync();
        using var store = Store(dataSource);
        await store.WriteAsync("node", [held], []);
        await using var other = (SqliteConnection)await dataSource.OpenConnectionAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        // With nothing to do the store does not touch the database, so the lock held elsewhere cannot hold it up.
        var empty = store.WriteAsync("node", [], []);
        var write = store.WriteAsync("node", [row], [held.Sequence]);
        var readWhileLocked = await store.ReadAsync("node");
        var writtenWhileLocked = write.IsCompleted;
        await using (var commit = other.CreateCommand())
        {
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        }

        await write;

        Assert.True(empty.IsCompletedSuccessfully);
        Assert.False(writtenWhileLocked);
        Assert.Equal([held], readWhileLocked);
        Assert.Equal([row], await store.ReadAsync("node"));
    }

    [Fact]
    public async Task A_write_after_the_store_is_disposed_is_refused()
    {
        await using var dataSource = await OpenAsync();
        var store = Store(dataSource);
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.WriteAsync("node", [Row("late")], []));
    }

    [Fact]
    public async Task A_store_of_no_service_id_cannot_be_made()
    {
        await using var dataSource = await OpenAsync();

        // Refused before its writer starts: its rows would mix with those of other services.
        Assert.Throws<ArgumentNullException>(() => Store(dataSource, null!));
        foreach (var serviceId in new[] { "", " " }) Assert.Throws<ArgumentException>(() => Store(dataSource, serviceId));
    }

    [Fact]
    public async Task The_table_refuses_rows_the_store_would_never_write()
    {
        var path = _folder.File("pending.db");
        await using var dataSource = await OpenAsync();

        foreach (var values in new[]
                 {
                     "('s', 'node', 0, zeroblob(31), x'01')", "('s', '', 0, zeroblob(32), x'01')", "('', 'node', 0, zeroblob(32), x'01')",
                     "('s', 'node', 0, zeroblob(32), x'')", "('s', 'node', -1, zeroblob(32), x'01')",
                     "('s', 'node', 'one', zeroblob(32), x'01')", "('s', 'node', 1.5, zeroblob(32), x'01')",
                 })
        {
            var error = await Assert.ThrowsAsync<SqliteException>(() => TestDatabases.ExecuteSqliteAsync(path,
                $"INSERT INTO PendingTransaction (ServiceId, Node, Sequence, Id, Bytes) VALUES {values};"));
            Assert.Contains("CHECK", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_table_is_keyed_by_service_node_and_sequence_alone()
    {
        var path = _folder.File("pending.db");
        await using var dataSource = await OpenAsync();

        Assert.Equal("ServiceId,Node,Sequence", await TestDatabases.ScalarSqliteAsync(path,
            "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('PendingTransaction') WHERE pk > 0 ORDER BY pk);"));
        // The key's own B-tree (the table, WITHOUT ROWID) and no other: an index on Id would scatter writes again.
        Assert.Equal(1L, await TestDatabases.ScalarSqliteAsync(path, "SELECT count(*) FROM pragma_index_list('PendingTransaction');"));
        Assert.Equal(1L, await TestDatabases.ScalarSqliteAsync(path,
            "SELECT count(*) FROM sqlite_schema WHERE name = 'PendingTransaction' AND sql LIKE '%WITHOUT ROWID%';"));
    }

    /// <summary>
    /// The point of keying rows by a sequence the node counts upward: a write of 100 rows appends to the end of the
    /// (service, node) range, so it logs about the pages its bytes fill, however large the table grows, and wherever
    /// in the table that range lies (here, before another service's rows). The same rows under scattered keys (as
    /// transaction ids, which are hashes, would be) dirty a page per row once the table spans enough pages. Frames are
    /// counted per write: the WAL is emptied before each, with nothing else on the file.
    /// </summary>
    [Fact]
    public async Task Rows_numbered_upward_log_a_few_pages_per_write_where_scattered_keys_log_a_page_per_row()
    {
        const int Writes = 20;
        const int RowsPerWrite = 100;
        const int Size = 250;
        var random = new Random(20_000);

        var (pageSize, upward) = await WalFramesPerWriteAsync("upward.db", Writes, RowsPerWrite, Size,
            (w, i) => (long)w * RowsPerWrite + i);
        var (_, scattered) = await WalFramesPerWriteAsync("scattered.db", Writes, RowsPerWrite, Size,
            (_, _) => random.NextInt64(0, long.MaxValue));
        output.WriteLine($"page size {pageSize}; frames per write, upward: {string.Join(' ', upward)}");
        output.WriteLine($"frames per write, scattered: {string.Join(' ', scattered)}");

        // Upward, a write logs at most twice the pages its cells fill (bytes, id, sequence, service id, node and about
        // 10 bytes of header each), and a few more, whatever the table holds already. Twice: a WITHOUT ROWID table's
        // interior pages hold whole rows as dividers, so each new leaf adds a row's worth to the pages above it, and a
        // split rewrites the sibling it rebalances with. A few more: the range ends inside the table, where a split
        // rebalances with the leaves on both sides, the one after being the other service's. (Measured on SQLite
        // 3.4x: 15 to 20 frames per write; 10 to 17 when the range ends the table.)
        var bytesPerWrite = RowsPerWrite * (Size + PendingTransaction.IdSize + sizeof(long) + ServiceId.Length + "node".Length + 10);
        var bound = 2 * ((bytesPerWrite + pageSize - 1) / pageSize) + 5;
        Assert.All(upward, frames => Assert.InRange(frames, 1, bound));
        // Scattered, a write logs more the larger the table, up to a page per row: by the last write, several
        // times what the same write logs upward (measured: 137 frames against 17, 1,720 in all against 356).
        Assert.True(scattered[^1] > 4 * upward[^1],
            $"the last write logged {scattered[^1]} frames under scattered keys and {upward[^1]} upward: expected over four times as many");
        Assert.True(scattered.Sum() > 3 * upward.Sum(),
            $"scattered keys logged {scattered.Sum()} frames, upward ones {upward.Sum()}: expected over three times as many");
    }

    /// <summary>
    /// Stores <paramref name="writes"/> writes of <paramref name="rows"/> rows, keyed by <paramref name="sequence"/>(write,
    /// row), in a fresh file; returns the WAL frames each write committed. Rows of the same node name under another
    /// service id, which sorts after this one, are there first: the node's range ends inside the table, not at its end,
    /// as it does on a database several services share.
    /// </summary>
    private async Task<(long PageSize, long[] Frames)> WalFramesPerWriteAsync(
        string file, int writes, int rows, int size, Func<int, int, long> sequence)
    {
        var path = _folder.File(file);
        await using var dataSource = new SqliteDataSource(new SqliteDatabaseOptions { Path = path });
        await SqliteSchemaInstaller.EnsureAsync(dataSource);
        using var store = Store(dataSource);
        using (var neighbour = Store(dataSource, $"{ServiceId}-neighbour"))
        {
            await neighbour.WriteAsync("node", Rows($"{file}/neighbour", writes * rows, size: size), []);
        }

        await using var probe = new SqliteConnection($"Data Source={path};Pooling=false");
        await probe.OpenAsync();
        var pageSize = (long)(await ScalarAsync(probe, "PRAGMA page_size;"))!;
        await TakeWalFramesAsync(probe);

        var frames = new long[writes];
        for (var w = 0; w < writes; w++)
        {
            var added = Enumerable.Range(0, rows).Select(i => Row($"{file}/{w}/{i}", sequence(w, i), size)).ToList();
            await store.WriteAsync("node", added, []);
            frames[w] = await TakeWalFramesAsync(probe);
        }

        Assert.Equal((long)writes * rows, await ScalarAsync(probe, $"SELECT count(*) FROM PendingTransaction WHERE ServiceId = '{ServiceId}';"));
        return (pageSize, frames);
    }

    /// <summary>
    /// The frames the WAL holds, then an empty WAL. A PASSIVE checkpoint reports the frame count; TRUNCATE then
    /// resets the WAL so the next commit starts it afresh. The store's writer has completed its write and holds no
    /// transaction, and nothing reads, so TRUNCATE cannot be kept busy.
    /// </summary>
    private static async Task<long> TakeWalFramesAsync(SqliteConnection probe)
    {
        var (_, frames, _) = await CheckpointAsync(probe, "PASSIVE");
        var (busy, left, _) = await CheckpointAsync(probe, "TRUNCATE");
        Assert.Equal(0L, busy);
        Assert.Equal(0L, left);
        return frames;
    }

    private static async Task<(long Busy, long Log, long Checkpointed)> CheckpointAsync(SqliteConnection connection, string mode)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task<ServiceProvider> ServicesAsync()
    {
        var services = new ServiceCollection()
            .AddGrainChainSqliteDatabase(o => o.Path = _folder.File("pending.db"))
            .AddGrainChainPendingTransactions(GrainChainBackend.Sqlite)
            .BuildServiceProvider();
        // The silo installs the schema as it starts; without a silo, install it here.
        await SqliteSchemaInstaller.EnsureAsync(services.GetRequiredService<SqliteDataSource>());
        return services;
    }

    private async Task<SqliteDataSource> OpenAsync()
    {
        var dataSource = new SqliteDataSource(new SqliteDatabaseOptions { Path = _folder.File("pending.db") });
        await SqliteSchemaInstaller.EnsureAsync(dataSource);
        return dataSource;
    }

    private static SqlitePendingTransactionStore Store(SqliteDataSource dataSource, string serviceId = ServiceId) =>
        new(dataSource, serviceId, NullLogger<SqlitePendingWriter>.Instance);
}
