using GrainChain.Runtime.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Tests.Storage;

public sealed class SqliteGrainStorageTests : DurableGrainStorageContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("grainchain-sqlite-").FullName;

    private string DatabasePath => Path.Combine(_directory, "cluster.db");

    protected override Task<IGrainStorage> CreateStoreAsync() =>
        Task.FromResult<IGrainStorage>(new SqliteGrainStorage("sqlite-test", new SqliteGrainStorageOptions { DataSource = DatabasePath }));

    protected override Task DeleteDataAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_database_is_created_on_first_use_in_wal_mode()
    {
        var path = Path.Combine(_directory, "nested", "deeper", "fresh.db");
        await using var store = new SqliteGrainStorage("fresh", new SqliteGrainStorageOptions { DataSource = path });
        Assert.False(File.Exists(path));

        Assert.Null(await store.ReadAsync("s", "g"));

        Assert.True(File.Exists(path));
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_corrupt_file_gives_an_error_naming_the_store_and_the_file()
    {
        var path = Path.Combine(_directory, "garbage.db");
        await File.WriteAllBytesAsync(path, RandomBytes(64 * 1024));
        await using var store = new SqliteGrainStorage("corrupt", new SqliteGrainStorageOptions { DataSource = path });

        var failure = await Assert.ThrowsAsync<GrainStorageException>(() => store.ReadAsync("s", "g"));

        Assert.Equal("corrupt", failure.StoreName);
        Assert.Contains("'corrupt'", failure.Message);
        Assert.Contains(path, failure.Message);
        Assert.Contains("not a SQLite database", failure.Message);
        await Assert.ThrowsAsync<GrainStorageException>(() => store.WriteAsync("s", "g", Bytes("x"), null));
    }

    [Fact]
    public async Task A_path_that_cannot_be_created_gives_an_error_naming_the_store_and_the_file()
    {
        var blocker = Path.Combine(_directory, "a-file");
        await File.WriteAllTextAsync(blocker, "not a directory");
        var path = Path.Combine(blocker, "cluster.db");
        await using var store = new SqliteGrainStorage("unwritable", new SqliteGrainStorageOptions { DataSource = path });

        var failure = await Assert.ThrowsAsync<GrainStorageException>(() => store.WriteAsync("s", "g", Bytes("x"), null));

        Assert.Equal("unwritable", failure.StoreName);
        Assert.Contains(path, failure.Message);
    }

    [Fact]
    public async Task A_directory_in_place_of_the_file_gives_an_error_naming_the_file()
    {
        var path = Directory.CreateDirectory(Path.Combine(_directory, "is-a-directory.db")).FullName;
        await using var store = new SqliteGrainStorage("dir", new SqliteGrainStorageOptions { DataSource = path });

        var failure = await Assert.ThrowsAsync<GrainStorageException>(() => store.ReadAsync("s", "g"));

        Assert.Contains(path, failure.Message);
        Assert.Contains("cannot be opened", failure.Message);
    }

    [Fact]
    public async Task A_store_recovers_once_a_broken_file_is_replaced()
    {
        var path = Path.Combine(_directory, "replaced.db");
        await File.WriteAllBytesAsync(path, RandomBytes(8192));
        await using var store = new SqliteGrainStorage("replaced", new SqliteGrainStorageOptions { DataSource = path });
        await Assert.ThrowsAsync<GrainStorageException>(() => store.ReadAsync("s", "g"));

        File.Delete(path);

        var eTag = await store.WriteAsync("s", "g", Bytes("fine"), null);
        AssertRecord(await store.ReadAsync("s", "g"), Bytes("fine"), eTag);
    }

    [Theory]
    [InlineData("state\"; DROP TABLE x; --")]
    [InlineData("1starts_with_digit")]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("schema.table")]
    public void A_table_name_that_is_not_a_plain_identifier_is_refused(string tableName)
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
            new SqliteGrainStorage("bad-table", new SqliteGrainStorageOptions { DataSource = DatabasePath, TableName = tableName }));

        Assert.Contains("TableName", failure.Message);
        Assert.Contains("'bad-table'", failure.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":memory:")]
    [InlineData("file:cluster.db?mode=ro")]
    public void A_data_source_that_is_not_a_file_path_is_refused(string dataSource)
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
            new SqliteGrainStorage("bad-path", new SqliteGrainStorageOptions { DataSource = dataSource }));

        Assert.Contains("DataSource", failure.Message);
    }

    [Fact]
    public async Task Stores_in_different_tables_of_one_file_are_isolated()
    {
        await using var first = new SqliteGrainStorage("one", new SqliteGrainStorageOptions { DataSource = DatabasePath, TableName = "first_states" });
        await using var second = new SqliteGrainStorage("two", new SqliteGrainStorageOptions { DataSource = DatabasePath, TableName = "second_states" });

        var eTag = await first.WriteAsync("s", "g", Bytes("first"), null);

        Assert.Null(await second.ReadAsync("s", "g"));
        AssertRecord(await first.ReadAsync("s", "g"), Bytes("first"), eTag);
    }

    [Fact]
    public async Task Registered_stores_are_keyed_singletons_bound_to_their_named_options()
    {
        var services = new ServiceCollection()
            .AddSqliteGrainStorage("main", o => o.DataSource = Path.Combine(_directory, "main.db"))
            .AddSqliteGrainStorage("archive", o =>
            {
                o.DataSource = Path.Combine(_directory, "archive.db");
                o.TableName = "archived";
            });
        await using var provider = services.BuildServiceProvider();

        var main = Assert.IsType<SqliteGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("main"));
        var archive = Assert.IsType<SqliteGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("archive"));
        await main.WriteAsync("s", "g", Bytes("x"), null);

        Assert.Same(main, provider.GetRequiredKeyedService<IGrainStorage>("main"));
        Assert.Equal(Path.Combine(_directory, "main.db"), main.FilePath);
        Assert.Equal("archive", archive.Name);
        Assert.Null(await archive.ReadAsync("s", "g"));
    }

    [Fact]
    public async Task Using_a_disposed_store_is_refused()
    {
        var store = new SqliteGrainStorage("disposed", new SqliteGrainStorageOptions { DataSource = DatabasePath });
        await store.WriteAsync("s", "g", Bytes("x"), null);
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.WriteAsync("s", "g2", Bytes("x"), null));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ReadAsync("s", "g"));
    }
}
