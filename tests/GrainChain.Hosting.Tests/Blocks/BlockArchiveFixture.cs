using GrainChain.Hosting.Blocks;
using GrainChain.Hosting.Postgres;
using GrainChain.Hosting.Sqlite;
using GrainChain.Hosting.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GrainChain.Hosting.Tests.Blocks;

/// <summary>One archive per contract class, on a fresh store, created before its first test and removed after its last.</summary>
public abstract class BlockArchiveFixture : IAsyncLifetime
{
    private IBlockArchive? _archive;

    public IBlockArchive Archive => _archive ?? throw new InvalidOperationException("the archive has not been created");

    public async Task InitializeAsync() => _archive = await CreateAsync();

    public async Task DisposeAsync()
    {
        (_archive as IDisposable)?.Dispose();
        await CleanUpAsync();
    }

    /// <summary>How many rows the store holds for <paramref name="hash"/>: 0 or 1 if blocks are stored once.</summary>
    public abstract Task<long> CopiesAsync(byte[] hash);

    protected abstract Task<IBlockArchive> CreateAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;
}

/// <summary>The memory archive of a service id of its own.</summary>
public sealed class MemoryBlockArchiveFixture : BlockArchiveFixture
{
    public override async Task<long> CopiesAsync(byte[] hash) => await Archive.GetAsync(hash) is null ? 0 : 1;

    protected override Task<IBlockArchive> CreateAsync() =>
        Task.FromResult<IBlockArchive>(new MemoryBlockArchive($"blocks-test-{Guid.NewGuid():N}"));
}

/// <summary>The SQLite archive on a fresh file with GrainChain's schema.</summary>
public sealed class SqliteBlockArchiveFixture : BlockArchiveFixture
{
    private readonly TempFolder _folder = new();
    private SqliteDataSource? _dataSource;

    public override async Task<long> CopiesAsync(byte[] hash)
    {
        await using var connection = (SqliteConnection)await _dataSource!.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM Block WHERE Hash = $hash;";
        command.Parameters.AddWithValue("$hash", hash);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task<IBlockArchive> CreateAsync()
    {
        _dataSource = new SqliteDataSource(new SqliteDatabaseOptions { Path = _folder.File("blocks.db") });
        await SqliteSchemaInstaller.EnsureAsync(_dataSource);
        return new SqliteBlockArchive(_dataSource, NullLogger<SqliteBlockWriter>.Instance);
    }

    protected override async Task CleanUpAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>The PostgreSQL archive in a fresh database on the test server, with GrainChain's schema; dropped after.</summary>
public sealed class PostgresBlockArchiveFixture : BlockArchiveFixture
{
    private string? _connectionString;
    private NpgsqlDataSource? _dataSource;

    public override async Task<long> CopiesAsync(byte[] hash)
    {
        await using var command = _dataSource!.CreateCommand("SELECT count(*) FROM block WHERE hash = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = hash });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task<IBlockArchive> CreateAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("gc_blocks");
        _dataSource = PostgresDataSources.Create(new PostgresDatabaseOptions { ConnectionString = _connectionString });
        await PostgresSchemaInstaller.EnsureAsync(_dataSource);
        return new PostgresBlockArchive(_dataSource);
    }

    protected override async Task CleanUpAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
        if (_connectionString is not null) await PostgresServer.DropDatabaseAsync(_connectionString);
    }
}
