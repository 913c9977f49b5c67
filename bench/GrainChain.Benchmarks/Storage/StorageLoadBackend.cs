using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Hosting;

namespace GrainChain.Benchmarks.Storage;

/// <summary>One store the load program measures: how to configure the silo for it, and the file or database it
/// writes to, created fresh for the run and removed after.</summary>
public sealed class StorageLoadBackend : IAsyncDisposable
{
    /// <summary>Where the PostgreSQL server is: an admin connection string; the test server's variable is the fallback.</summary>
    public const string PostgresVariable = "GRAINCHAIN_BENCH_POSTGRES";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal) { "sqlite", "postgres", "memory", "sqlite-adonet", "postgres-adonet" };

    private readonly Func<Task> _cleanUp;

    private StorageLoadBackend(string name, string description, Action<ISiloBuilder> configure, Func<Task> cleanUp)
    {
        Name = name;
        Description = description;
        Configure = configure;
        _cleanUp = cleanUp;
    }

    public string Name { get; }

    /// <summary>Where the state goes and how durable a returned write is.</summary>
    public string Description { get; }

    public Action<ISiloBuilder> Configure { get; }

    /// <summary>The backend, or null (with the reason written out) when it cannot run here.</summary>
    public static async Task<StorageLoadBackend?> CreateAsync(string name) => name switch
    {
        "memory" => new StorageLoadBackend(name, "Orleans memory grain storage (nothing durable)",
            silo => silo.AddMemoryGrainStorage(StorageLoad.StorageName), () => Task.CompletedTask),
        "sqlite" => Sqlite(name, silo => silo.AddGrainChainSqliteGrainStorage(StorageLoad.StorageName)),
        // The route GrainChain measured and set aside: Orleans' ADO.NET provider on the same SQLite table.
        "sqlite-adonet" => Sqlite(name, silo => silo.AddGrainChainSqliteAdoNetGrainStorage(StorageLoad.StorageName)),
        "postgres" => await PostgresAsync(name, silo => silo.AddGrainChainPostgresGrainStorage(StorageLoad.StorageName)),
        // The route GrainChain measured and set aside: Orleans' ADO.NET provider on the same PostgreSQL table.
        "postgres-adonet" => await PostgresAsync(name, silo => silo.AddGrainChainPostgresAdoNetGrainStorage(StorageLoad.StorageName)),
        _ => throw new ArgumentException($"unknown backend '{name}'", nameof(name)),
    };

    public ValueTask DisposeAsync() => new(_cleanUp());

    private static StorageLoadBackend Sqlite(string name, Action<ISiloBuilder> addStorage)
    {
        var folder = Directory.CreateTempSubdirectory("grainchain-bench-");
        var path = Path.Combine(folder.FullName, "state.db");
        return new StorageLoadBackend(name, $"SQLite {path} (WAL, synchronous=NORMAL: a returned write survives a process kill)",
            silo =>
            {
                silo.Services.AddGrainChainSqliteDatabase(o => o.Path = path);
                addStorage(silo);
            },
            () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                folder.Delete(recursive: true);
                return Task.CompletedTask;
            });
    }

    private static async Task<StorageLoadBackend?> PostgresAsync(string name, Action<ISiloBuilder> addStorage)
    {
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin)) admin = Environment.GetEnvironmentVariable("GRAINCHAIN_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            Console.WriteLine($"postgres: skipped; set {PostgresVariable} to an admin connection string (a database is created and dropped).");
            return null;
        }

        var database = $"gc_bench_{Guid.NewGuid():N}";
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
        return new StorageLoadBackend(name, $"{builder.Host}:{builder.Port}/{database} ({settings})",
            silo =>
            {
                silo.Services.AddGrainChainPostgresDatabase(o => o.ConnectionString = builder.ToString());
                addStorage(silo);
            },
            async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync();
                await Execute(connection, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
            });
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
