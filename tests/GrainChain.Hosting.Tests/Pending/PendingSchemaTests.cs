using GrainChain.Hosting.Pending;
using GrainChain.Hosting.Postgres;
using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Sqlite;
using GrainChain.Hosting.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using static GrainChain.Hosting.Tests.Pending.TestPending;

namespace GrainChain.Hosting.Tests.Pending;

/// <summary>The <c>pending</c> schema component: known to this build on both databases, and added to a database that
/// an older build installed without it, beside what that database holds already.</summary>
public sealed class PendingSchemaTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public void The_pending_component_is_at_version_1(DatabaseKind kind)
    {
        Assert.Equal(1, SchemaScripts.KnownVersions(kind)["pending"]);
    }

    [Fact]
    public async Task A_sqlite_database_installed_without_the_pending_table_gets_it()
    {
        var path = _folder.File("older.db");
        await using var dataSource = new SqliteDataSource(new SqliteDatabaseOptions { Path = path });
        await SqliteSchemaInstaller.EnsureAsync(dataSource);
        await MakeOlderSqliteAsync(path);

        await SqliteSchemaInstaller.EnsureAsync(dataSource);

        Assert.Equal(1L, await TestDatabases.ScalarSqliteAsync(path, "SELECT Version FROM GrainChainSchema WHERE Component = 'pending';"));
        Assert.Equal(1L, await TestDatabases.ScalarSqliteAsync(path, "SELECT count(*) FROM Block;"));
        using var store = new SqlitePendingTransactionStore(dataSource, "upgraded", NullLogger<SqlitePendingWriter>.Instance);
        var row = Row("upgraded");
        await store.WriteAsync("node", [row], []);
        Assert.Equal([row], await store.ReadAsync("node"));
    }

    [Fact]
    public async Task A_postgres_database_installed_without_the_pending_table_gets_it()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("gc_pending_schema");
        try
        {
            await using var dataSource = PostgresDataSources.Create(new PostgresDatabaseOptions { ConnectionString = connectionString });
            await PostgresSchemaInstaller.EnsureAsync(dataSource);
            await TestDatabases.ExecutePostgresAsync(dataSource,
                "DROP TABLE pendingtransaction; DELETE FROM grainchainschema WHERE component = 'pending';");
            Assert.Equal(0L, await TestDatabases.ScalarPostgresAsync(dataSource, "SELECT count(*) FROM grainchainschema WHERE component = 'pending'"));

            await PostgresSchemaInstaller.EnsureAsync(dataSource);

            Assert.Equal(1, await TestDatabases.ScalarPostgresAsync(dataSource, "SELECT version FROM grainchainschema WHERE component = 'pending'"));
            var store = new PostgresPendingTransactionStore(dataSource, "upgraded");
            var row = Row("upgraded");
            await store.WriteAsync("node", [row], []);
            Assert.Equal([row], await store.ReadAsync("node"));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>
    /// Turns a freshly installed file into one an older build left: no <c>PendingTransaction</c> table, no
    /// <c>pending</c> row in <c>GrainChainSchema</c>, and a block stored, which the upgrade must keep.
    /// </summary>
    internal static Task MakeOlderSqliteAsync(string path) =>
        TestDatabases.ExecuteSqliteAsync(path,
            """
            DROP TABLE PendingTransaction;
            DELETE FROM GrainChainSchema WHERE Component = 'pending';
            INSERT INTO Block (Hash, PreviousHash, Bytes) VALUES (randomblob(32), zeroblob(32), x'01');
            """);
}
