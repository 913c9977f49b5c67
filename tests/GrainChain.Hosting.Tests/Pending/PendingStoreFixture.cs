using GrainChain.Hosting.Pending;
using GrainChain.Hosting.Postgres;
using GrainChain.Hosting.Sqlite;
using GrainChain.Hosting.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GrainChain.Hosting.Tests.Pending;

/// <summary>
/// One database per contract class, made before its first test and removed after its last, and the store of a service
/// id of the class's own on it; other stores on the same database, for any service id, on demand.
/// </summary>
public abstract class PendingStoreFixture : IAsyncLifetime
{
    // Every store made on the database, Store among them: disposed before the database goes. Tests of one class run
    // one after the other, so only one ever adds at a time.
    private readonly List<IPendingTransactionStore> _stores = [];
    private IPendingTransactionStore? _store;

    /// <summary>The service id of <see cref="Store"/>.</summary>
    public string ServiceId { get; } = $"pending-test-{Guid.NewGuid():N}";

    public IPendingTransactionStore Store => _store ?? throw new InvalidOperationException("the store has not been created");

    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        _store = StoreFor(ServiceId);
    }

    /// <summary>A store of <paramref name="serviceId"/> on the same database as <see cref="Store"/>, as a silo of that
    /// service sharing the database would have.</summary>
    public IPendingTransactionStore StoreFor(string serviceId)
    {
        var store = Create(serviceId);
        _stores.Add(store);
        return store;
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) (store as IDisposable)?.Dispose();
        await CleanUpAsync();
    }

    protected virtual Task CreateDatabaseAsync() => Task.CompletedTask;

    protected abstract IPendingTransactionStore Create(string serviceId);

    protected virtual Task CleanUpAsync() => Task.CompletedTask;
}

/// <summary>Memory stores: the process is their database.</summary>
public sealed class MemoryPendingStoreFixture : PendingStoreFixture
{
    protected override IPendingTransactionStore Create(string serviceId) => new MemoryPendingTransactionStore(serviceId);
}

/// <summary>SQLite stores on a fresh file with GrainChain's schema.</summary>
public sealed class SqlitePendingStoreFixture : PendingStoreFixture
{
    private readonly TempFolder _folder = new();
    private SqliteDataSource? _dataSource;

    protected override async Task CreateDatabaseAsync()
    {
        _dataSource = new SqliteDataSource(new SqliteDatabaseOptions { Path = _folder.File("pending.db") });
        await SqliteSchemaInstaller.EnsureAsync(_dataSource);
    }

    protected override IPendingTransactionStore Create(string serviceId) =>
        new SqlitePendingTransactionStore(_dataSource!, serviceId, NullLogger<SqlitePendingWriter>.Instance);

    protected override async Task CleanUpAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>PostgreSQL stores in a fresh database on the test server, with GrainChain's schema; dropped after.</summary>
public sealed class PostgresPendingStoreFixture : PendingStoreFixture
{
    private string? _connectionString;
    private NpgsqlDataSource? _dataSource;

    protected override async Task CreateDatabaseAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("gc_pending");
        _dataSource = PostgresDataSources.Create(new PostgresDatabaseOptions { ConnectionString = _connectionString });
        await PostgresSchemaInstaller.EnsureAsync(_dataSource);
    }

    protected override IPendingTransactionStore Create(string serviceId) => new PostgresPendingTransactionStore(_dataSource!, serviceId);

    protected override async Task CleanUpAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
        if (_connectionString is not null) await PostgresServer.DropDatabaseAsync(_connectionString);
    }
}
