using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace GrainChain.Hosting.Tests.Storage;

/// <summary>One silo per contract class, started before its first test and stopped after its last.</summary>
public abstract class StoreFixture : IAsyncLifetime
{
    private StorageSilo? _silo;

    public IGrainStorage Storage => _silo?.Storage ?? throw new InvalidOperationException("the store's silo has not started");

    public async Task InitializeAsync() => _silo = await StartAsync();

    public async Task DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
        await CleanUpAsync();
    }

    protected abstract Task<StorageSilo> StartAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;
}

/// <summary>A silo whose storage is in a fresh SQLite file, removed afterwards.</summary>
public abstract class SqliteStoreFixture : StoreFixture
{
    private readonly TempFolder _folder = new();

    protected override Task<StorageSilo> StartAsync() => StorageSilo.StartAsync(silo =>
    {
        silo.Services.AddGrainChainSqliteDatabase(o => o.Path = _folder.File("state.db"));
        AddStorage(silo);
    });

    protected abstract void AddStorage(ISiloBuilder silo);

    protected override Task CleanUpAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A silo whose storage is in a fresh database on the test PostgreSQL server, dropped afterwards.</summary>
public abstract class PostgresStoreFixture : StoreFixture
{
    private string? _connectionString;

    protected override async Task<StorageSilo> StartAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("gc_storage");
        return await StorageSilo.StartAsync(silo =>
        {
            silo.Services.AddGrainChainPostgresDatabase(o => o.ConnectionString = _connectionString);
            AddStorage(silo);
        });
    }

    protected abstract void AddStorage(ISiloBuilder silo);

    protected override async Task CleanUpAsync()
    {
        if (_connectionString is null) return;
        NpgsqlConnection.ClearAllPools();
        await PostgresServer.DropDatabaseAsync(_connectionString);
    }
}
