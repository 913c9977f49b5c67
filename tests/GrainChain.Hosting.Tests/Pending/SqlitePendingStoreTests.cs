using GrainChain.Hosting.Pending;
using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Sqlite;
using GrainChain.Hosting.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static GrainChain.Hosting.Tests.Pending.TestPending;

namespace GrainChain.Hosting.Tests.Pending;

/// <summary>What only the SQLite store has to show: rows outlive the store and its process's services, stores on one
/// file (as in several silo processes) share it, and reads never wait for the write lock.</summary>
public sealed class SqlitePendingStoreTests : IDisposable
{
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
            await store.WriteAsync("node", [], [rows[0].Id]);
        }

        SqliteConnection.ClearAllPools();
        await using var reopened = await ServicesAsync();

        Assert.Equal(Sorted(rows.Skip(1)), Sorted(await reopened.GetRequiredService<IPendingTransactionStore>().ReadAsync("node")));
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

        Assert.Equal(Sorted(rows), Sorted(await first.ReadAsync("node")));
        Assert.Equal(Sorted(rows), Sorted(await second.ReadAsync("node")));
    }

    [Fact]
    public async Task A_write_waits_for_a_write_lock_held_elsewhere_and_reads_do_not()
    {
        var held = Row("held");
        var row = Row("locked");
        await using var dataSource = await OpenAsync();
        using var store = Store(dataSource);
        await store.WriteAsync("node", [held], []);
        await using var other = (SqliteConnection)await dataSource.OpenConnectionAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var write = store.WriteAsync("node", [row], [held.Id]);
        var readWhileLocked = await store.ReadAsync("node");
        var writtenWhileLocked = write.IsCompleted;
        await using (var commit = other.CreateCommand())
        {
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        }

        await write;

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
    public async Task The_table_refuses_rows_the_store_would_never_write()
    {
        var path = _folder.File("pending.db");
        await using var dataSource = await OpenAsync();

        foreach (var values in new[] { "('node', zeroblob(31), x'01')", "('', zeroblob(32), x'01')", "('node', zeroblob(32), x'')" })
        {
            var error = await Assert.ThrowsAsync<SqliteException>(() =>
                PendingDatabases.ExecuteSqliteAsync(path, $"INSERT INTO PendingTransaction (Node, Id, Bytes) VALUES {values};"));
            Assert.Contains("CHECK", error.Message, StringComparison.Ordinal);
        }
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

    private static SqlitePendingTransactionStore Store(SqliteDataSource dataSource) =>
        new(dataSource, NullLogger<SqlitePendingWriter>.Instance);
}
