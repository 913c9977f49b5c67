using GrainChain.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Tests.Storage;

public sealed class PostgresGrainStorageTests(PostgresServerFixture server) : DurableGrainStorageContract, IClassFixture<PostgresServerFixture>
{
    private readonly string _table = PostgresServerFixture.UniqueTableName();
    private readonly List<string> _extraTables = [];

    protected override Task<IGrainStorage> CreateStoreAsync() =>
        Task.FromResult<IGrainStorage>(new PostgresGrainStorage("pg-test", Options(_table)));

    protected override async Task DeleteDataAsync()
    {
        foreach (var table in _extraTables.Append(_table))
        {
            await server.DropTableAsync(table);
        }
    }

    private PostgresGrainStorageOptions Options(string table) => new() { ConnectionString = server.ConnectionString, TableName = table };

    private string ExtraTable()
    {
        var table = PostgresServerFixture.UniqueTableName();
        _extraTables.Add(table);
        return table;
    }

    [Fact]
    public async Task An_unreachable_server_gives_an_error_naming_the_store_and_the_server()
    {
        var port = PostgresServerFixture.FreeLoopbackPort();
        await using var store = new PostgresGrainStorage("offline", new PostgresGrainStorageOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=5",
        });

        var failure = await Assert.ThrowsAsync<GrainStorageException>(() => store.WriteAsync("s", "g", Bytes("x"), null));

        Assert.Equal("offline", failure.StoreName);
        Assert.Contains($"127.0.0.1:{port}", failure.Message);
        Assert.Contains("cannot be reached", failure.Message);
        await Assert.ThrowsAsync<GrainStorageException>(() => store.ReadAsync("s", "g"));
    }

    [Fact]
    public async Task A_missing_database_gives_an_error_naming_the_store_and_the_server_answer()
    {
        await using var store = new PostgresGrainStorage("nodb", new PostgresGrainStorageOptions
        {
            ConnectionString = server.ConnectionString.Replace("Database=postgres", "Database=no_such_database_here", StringComparison.Ordinal),
        });

        var failure = await Assert.ThrowsAsync<GrainStorageException>(() => store.ReadAsync("s", "g"));

        Assert.Contains("'nodb'", failure.Message);
        Assert.Contains("no_such_database_here", failure.Message);
    }

    [Theory]
    [InlineData("state\"; DROP TABLE x; --")]
    [InlineData("9lives")]
    [InlineData("")]
    [InlineData("public.states")]
    [InlineData("a_name_that_is_far_too_long_for_postgres_identifiers_to_hold_at_all")]
    public void A_table_name_that_is_not_a_plain_identifier_is_refused(string tableName)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => new PostgresGrainStorage("bad-table", Options(tableName)));

        Assert.Contains("TableName", failure.Message);
        Assert.Contains("'bad-table'", failure.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("this is = not ; a valid = = connection string")]
    public void A_missing_or_malformed_connection_string_is_refused(string connectionString)
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
            new PostgresGrainStorage("bad-connection", new PostgresGrainStorageOptions { ConnectionString = connectionString }));

        Assert.Contains("ConnectionString", failure.Message);
    }

    [Fact]
    public async Task Stores_on_different_tables_are_isolated()
    {
        await using var other = new PostgresGrainStorage("other", Options(ExtraTable()));

        var eTag = await Store.WriteAsync("s", "g", Bytes("mine"), null);

        Assert.Null(await other.ReadAsync("s", "g"));
        AssertRecord(await Store.ReadAsync("s", "g"), Bytes("mine"), eTag);
    }

    [Fact]
    public async Task Stores_creating_one_table_at_the_same_moment_all_succeed()
    {
        var table = ExtraTable();
        var stores = Enumerable.Range(0, 6).Select(i => new PostgresGrainStorage($"racer-{i}", Options(table))).ToArray();
        try
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writes = stores.Select((store, i) => Task.Run(async () =>
            {
                await go.Task;
                return await store.WriteAsync("s", $"g{i}", Bytes($"{i}"), null);
            })).ToArray();
            go.SetResult();
            var eTags = await Task.WhenAll(writes);

            for (var i = 0; i < stores.Length; i++)
            {
                AssertRecord(await stores[0].ReadAsync("s", $"g{i}"), Bytes($"{i}"), eTags[i]);
            }
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Registered_stores_are_keyed_singletons_bound_to_their_named_options()
    {
        var archiveTable = ExtraTable();
        var services = new ServiceCollection()
            .AddPostgresGrainStorage("main", o =>
            {
                o.ConnectionString = server.ConnectionString;
                o.TableName = _table;
            })
            .AddPostgresGrainStorage("archive", o =>
            {
                o.ConnectionString = server.ConnectionString;
                o.TableName = archiveTable;
            });
        await using var provider = services.BuildServiceProvider();

        var main = Assert.IsType<PostgresGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("main"));
        var archive = Assert.IsType<PostgresGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("archive"));
        await main.WriteAsync("s", "g", Bytes("x"), null);

        Assert.Same(main, provider.GetRequiredKeyedService<IGrainStorage>("main"));
        Assert.Equal(archiveTable, archive.TableName);
        Assert.Null(await archive.ReadAsync("s", "g"));
        Assert.NotNull(await Store.ReadAsync("s", "g"));
    }
}
