using GrainChain.Hosting.Pending;
using GrainChain.Hosting.Postgres;
using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Tests.Infrastructure;
using GrainChain.Hosting.TestSilo.Harness;
using Npgsql;
using static GrainChain.Hosting.Tests.Pending.TestPending;

namespace GrainChain.Hosting.Tests.Pending;

/// <summary>What only the PostgreSQL store has to show: a write with nothing to do, or with a bad argument, never
/// reaches the server, and the table is keyed and checked as the store expects.</summary>
public sealed class PostgresPendingStoreTests
{
    [Fact]
    public async Task Empty_writes_and_bad_arguments_never_reach_the_server()
    {
        // A port nothing listens on: any attempt to connect fails at once.
        await using var nowhere = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={FreePorts.Next()};Username=nobody;Timeout=5");
        var store = new PostgresPendingTransactionStore(nowhere, "nowhere");
        var row = Row("nowhere");

        // A store of no service id cannot be made: its rows would mix with those of other services.
        Assert.Throws<ArgumentException>(() => new PostgresPendingTransactionStore(nowhere, " "));
        await store.WriteAsync("node", [], []);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.WriteAsync("node", [row], [-1]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync("", [row], []));

        // And a write with something to do does try: the two above were not spared by chance.
        await Assert.ThrowsAsync<NpgsqlException>(() => store.WriteAsync("node", [row], []));
    }

    [Fact]
    public async Task The_table_is_keyed_by_service_node_and_sequence_alone_and_refuses_rows_the_store_would_never_write()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("gc_pending_table");
        try
        {
            await using var dataSource = PostgresDataSources.Create(new PostgresDatabaseOptions { ConnectionString = connectionString });
            await PostgresSchemaInstaller.EnsureAsync(dataSource);

            Assert.Equal("serviceid,node,sequence", await TestDatabases.ScalarPostgresAsync(dataSource,
                """
                SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                FROM pg_index i
                CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k (attnum, ord)
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE i.indrelid = 'pendingtransaction'::regclass AND i.indisprimary
                """));
            // No index but the key's: one on id would scatter writes again.
            Assert.Equal(1L, await TestDatabases.ScalarPostgresAsync(dataSource,
                "SELECT count(*) FROM pg_index WHERE indrelid = 'pendingtransaction'::regclass"));
            foreach (var values in new[]
                     {
                         @"('s', 'node', 0, '\x00'::bytea, '\x01'::bytea)", @"('s', '', 0, sha256('\x00'::bytea), '\x01'::bytea)",
                         @"('', 'node', 0, sha256('\x00'::bytea), '\x01'::bytea)",
                         @"('s', 'node', 0, sha256('\x00'::bytea), ''::bytea)", @"('s', 'node', -1, sha256('\x00'::bytea), '\x01'::bytea)",
                     })
            {
                var error = await Assert.ThrowsAsync<PostgresException>(() => TestDatabases.ExecutePostgresAsync(dataSource,
                    $"INSERT INTO pendingtransaction (serviceid, node, sequence, id, bytes) VALUES {values}"));
                Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
            }
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }
}
