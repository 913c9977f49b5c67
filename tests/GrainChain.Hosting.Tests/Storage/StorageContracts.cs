using GrainChain.Hosting.Storage;

namespace GrainChain.Hosting.Tests.Storage;

/// <summary>The contract on Orleans' memory grain storage: the reference the SQL stores must agree with.</summary>
public sealed class MemoryStorageContract(MemoryStorageContract.Store store)
    : GrainStorageContract(store.Storage), IClassFixture<MemoryStorageContract.Store>
{
    public sealed class Store : StoreFixture
    {
        protected override Task<StorageSilo> StartAsync() =>
            StorageSilo.StartAsync(silo => silo.AddMemoryGrainStorage(StorageSilo.StorageName));
    }
}

/// <summary>The contract on GrainChain's SQLite grain storage.</summary>
public sealed class SqliteStorageContract(SqliteStorageContract.Store store)
    : GrainStorageContract(store.Storage), IClassFixture<SqliteStorageContract.Store>
{
    public sealed class Store : SqliteStoreFixture
    {
        protected override void AddStorage(ISiloBuilder silo) => silo.AddGrainChainSqliteGrainStorage(StorageSilo.StorageName);
    }
}

/// <summary>The contract on GrainChain's PostgreSQL grain storage.</summary>
public sealed class PostgresStorageContract(PostgresStorageContract.Store store)
    : GrainStorageContract(store.Storage), IClassFixture<PostgresStorageContract.Store>
{
    public sealed class Store : PostgresStoreFixture
    {
        protected override void AddStorage(ISiloBuilder silo) => silo.AddGrainChainPostgresGrainStorage(StorageSilo.StorageName);
    }
}

/// <summary>
/// The contract on the SQLite route measured and set aside (Orleans' ADO.NET provider on the statements of
/// storage-1.sql), so that the comparison in Storage/README.md stays a comparison of correct stores.
/// </summary>
public sealed class SqliteAdoNetStorageContract(SqliteAdoNetStorageContract.Store store)
    : GrainStorageContract(store.Storage), IClassFixture<SqliteAdoNetStorageContract.Store>
{
    public sealed class Store : SqliteStoreFixture
    {
        protected override void AddStorage(ISiloBuilder silo) => silo.AddGrainChainSqliteAdoNetGrainStorage(StorageSilo.StorageName);
    }
}

/// <summary>The contract on the PostgreSQL route measured and set aside (Orleans' ADO.NET provider).</summary>
public sealed class PostgresAdoNetStorageContract(PostgresAdoNetStorageContract.Store store)
    : GrainStorageContract(store.Storage), IClassFixture<PostgresAdoNetStorageContract.Store>
{
    public sealed class Store : PostgresStoreFixture
    {
        protected override void AddStorage(ISiloBuilder silo) => silo.AddGrainChainPostgresAdoNetGrainStorage(StorageSilo.StorageName);
    }
}
