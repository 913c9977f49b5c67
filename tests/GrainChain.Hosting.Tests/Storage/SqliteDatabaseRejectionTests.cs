using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Sqlite;
using GrainChain.Hosting.Storage;
using GrainChain.Hosting.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Hosting.Tests.Storage;

/// <summary>A SQLite file GrainChain must not use is refused with a message that names it, before any state is stored.</summary>
public sealed class SqliteDatabaseRejectionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused()
    {
        var path = _folder.File("notes.db");
        await File.WriteAllTextAsync(path, string.Concat(Enumerable.Repeat("these are notes, not a database. ", 200)));

        var error = await Assert.ThrowsAsync<GrainChainDatabaseException>(() => InstallAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sqlite_database_of_something_else_is_refused_and_left_alone()
    {
        var path = _folder.File("shop.db");
        await TestDatabases.ExecuteSqliteAsync(path, "CREATE TABLE Customers (Id INTEGER PRIMARY KEY, Name TEXT); INSERT INTO Customers VALUES (1, 'Ada');");

        var error = await Assert.ThrowsAsync<GrainChainDatabaseException>(() => InstallAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(["Customers"], await TablesAsync(path));
    }

    [Fact]
    public async Task A_newer_storage_schema_is_refused()
    {
        var path = _folder.File("newer.db");
        await InstallAsync(path);
        await TestDatabases.ExecuteSqliteAsync(path, "UPDATE GrainChainSchema SET Version = Version + 1 WHERE Component = 'storage';");

        var error = await Assert.ThrowsAsync<GrainChainDatabaseException>(() => InstallAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("storage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_component_from_a_newer_build_is_refused()
    {
        var path = _folder.File("future.db");
        await InstallAsync(path);
        await TestDatabases.ExecuteSqliteAsync(path, "INSERT INTO GrainChainSchema (Component, Version, AppliedOn) VALUES ('ledger', 1, datetime('now'));");

        var error = await Assert.ThrowsAsync<GrainChainDatabaseException>(() => InstallAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_with_grain_storage_on_a_file_that_is_not_a_database_does_not_start()
    {
        var path = _folder.File("image.db");
        await File.WriteAllBytesAsync(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());
        using var host = StorageSilo.Build(silo =>
        {
            silo.Services.AddGrainChainSqliteDatabase(o => o.Path = path);
            silo.AddGrainChainSqliteGrainStorage(StorageSilo.StorageName);
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains(path, ExceptionChain.Find<GrainChainDatabaseException>(error).Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static async Task InstallAsync(string path)
    {
        await using var dataSource = new SqliteDataSource(new SqliteDatabaseOptions { Path = path });
        await SqliteSchemaInstaller.EnsureAsync(dataSource);
    }

    private static async Task<List<string>> TablesAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }
}
