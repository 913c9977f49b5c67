using GrainChain.Benchmarks.Storage;
using GrainChain.Hosting;
using GrainChain.Hosting.Blocks;
using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;

namespace GrainChain.Benchmarks.Blocks;

/// <summary>
/// One archive the load program measures, registered as a silo registers it (AddGrainChainBlockArchive) on a fresh
/// SQLite file or PostgreSQL database with GrainChain's schema, removed after.
/// </summary>
public sealed class BlocksLoadBackend : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Func<Task> _cleanUp;

    private BlocksLoadBackend(string name, string description, ServiceProvider services, Func<Task> cleanUp)
    {
        Name = name;
        Description = description;
        _services = services;
        _cleanUp = cleanUp;
        Archive = services.GetRequiredService<IBlockArchive>();
    }

    public string Name { get; }

    public string Description { get; }

    public IBlockArchive Archive { get; }

    /// <summary>Drops pooled connections, so that the next read opens a connection as a freshly started silo would.</summary>
    public void ClearPools()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>The backend, or null (with the reason written out) when it cannot run here.</summary>
    public static async Task<BlocksLoadBackend?> CreateAsync(string name)
    {
        switch (name)
        {
            case "memory":
            {
                var services = Services(GrainChainBackend.Memory, _ => { });
                return new BlocksLoadBackend(name, "in this process's memory (nothing durable)", services, () => Task.CompletedTask);
            }
            case "sqlite":
            {
                var folder = Directory.CreateTempSubdirectory("grainchain-bench-blocks-");
                var path = Path.Combine(folder.FullName, "blocks.db");
                var services = Services(GrainChainBackend.Sqlite, s => s.AddGrainChainSqliteDatabase(o => o.Path = path));
                await Hosting.Sqlite.SqliteSchemaInstaller.EnsureAsync(services.GetRequiredService<SqliteDataSource>());
                return new BlocksLoadBackend(name, $"SQLite {path} (WAL, synchronous=NORMAL)", services, async () =>
                {
                    await services.DisposeAsync();
                    SqliteConnection.ClearAllPools();
                    folder.Delete(recursive: true);
                });
            }
            case "postgres":
                return await PostgresAsync(name);
            default:
                throw new ArgumentException($"unknown backend '{name}'", nameof(name));
        }
    }

    public async ValueTask DisposeAsync() => await _cleanUp();

    private static async Task<BlocksLoadBackend?> PostgresAsync(string name)
    {
        var admin = Environment.GetEnvironmentVariable(StorageLoadBackend.PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin)) admin = Environment.GetEnvironmentVariable("GRAINCHAIN_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            Console.WriteLine($"postgres: skipped; set {StorageLoadBackend.PostgresVariable} to an admin connection string (a database is created and dropped).");
            return null;
        }

        var database = $"gc_bench_blocks_{Guid.NewGuid():N}";
        string settings;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await Execute(connection, $"CREATE DATABASE \"{database}\"");
            await using var show = connection.CreateCommand();
            show.CommandText = "SELECT version(), current_setting('fsync'), current_setting('synchronous_commit')";
            await using var reader = await show.ExecuteReaderAsync();
            await reader.ReadAsync();
            settings = $"{reader.GetString(0).Split(" on ")[0]}, fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}";
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = database };
        var services = Services(GrainChainBackend.Postgres, s => s.AddGrainChainPostgresDatabase(o => o.ConnectionString = builder.ToString()));
        await Hosting.Postgres.PostgresSchemaInstaller.EnsureAsync(services.GetRequiredService<NpgsqlDataSource>());
        return new BlocksLoadBackend(name, $"{builder.Host}:{builder.Port}/{database} ({settings})", services, async () =>
        {
            await services.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await Execute(connection, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        });
    }

    private static ServiceProvider Services(GrainChainBackend backend, Action<IServiceCollection> addDatabase)
    {
        var services = new ServiceCollection();
        services.Configure<ClusterOptions>(o => o.ServiceId = $"bench-blocks-{Guid.NewGuid():N}");
        addDatabase(services);
        services.AddGrainChainBlockArchive(backend);
        return services.BuildServiceProvider();
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
