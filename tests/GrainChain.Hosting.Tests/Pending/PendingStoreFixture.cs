using GrainChain.Hosting.Pending;
using GrainChain.Hosting.Postgres;
using GrainChain.Hosting.Sqlite;
using GrainChain.Hosting.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GrainChain.Hosting.Tests.Pending;

/// <summary>One store per contract class, on a fresh database, created before its first test and removed after its last.</summary>
public abstract class PendingStoreFixture : IAsyncLifetime
{
    private IPendingTransactionStore? _store;

    public IPendingTransactionStore Store => _store ?? throw new InvalidOperationException("the store has not been created");

    public async Task InitializeAsync() => _store = await CreateAsync();

    public async Task DisposeAsync()
    {
        (_store as IDisposable)?.Dispose();
        await CleanUpAsync();
    }

    protected abstract Task<IPendingTransactionStore> CreateAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;
}

/// <summary>The memory store of a service id of its own.</summary>
public sealed class MemoryPendingStoreFixture : PendingStoreFixture
{
    protected override Task<IPendingTransactionStore> CreateAsync() =>
        Task.FromResult<IPendingTransactionStore>(new MemoryPendingTransactionStore($"pending-test-{Guid.NewGuid():N}"));
}

/// <summary>The SQLite store on a fresh file with GrainChain's schema.</summary>
public sealed class SqlitePendingStoreFixture : PendingStoreFixture
{
    private readonly TempFolder _folder = new();
    private SqliteDataSource? _dataSource;

    protected override async Task<IPendingTransactionStore> CreateAsync()
    {
        _dataSource = new SqliteDataSource(new SqliteDatabaseOptions { Path = _folder.File("pending.db") });
        await SqliteSchemaInstaller.EnsureAsync(_dataSource);
        return new SqlitePendingTransactionStore(_dataSource, NullLogger<SqlitePendingWriter>.Instance);
    }

    protected override async Task CleanUpAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>The PostgreSQL store in a fresh database on the test server, with GrainChain's schema; dropped after.</summary>
public sealed class PostgresPendingStoreFixture : PendingStoreFixture
{
    private string? _connectionString;
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IPendingTransactionStore> CreateAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("gc_pending");
        _dataSource = PostgresDataSources.Create(new PostgresDatabaseOptions { ConnectionString = _connectionString });
        await PostgresSchemaInstaller.EnsureAsync(_dataSource);
        return new PostgresPendingTransactionStore(_dataSource);
    }

    protected override async Task CleanUpAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
        if (_connectionString is not null) await PendingDatabases.DropPostgresAsync(_connectionString);
    }
}
