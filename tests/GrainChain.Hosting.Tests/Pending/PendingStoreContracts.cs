namespace GrainChain.Hosting.Tests.Pending;

/// <summary>The contract on the memory store.</summary>
public sealed class MemoryPendingStoreContract(MemoryPendingStoreFixture fixture)
    : PendingStoreContract(fixture), IClassFixture<MemoryPendingStoreFixture>;

/// <summary>The contract on the SQLite store.</summary>
public sealed class SqlitePendingStoreContract(SqlitePendingStoreFixture fixture)
    : PendingStoreContract(fixture), IClassFixture<SqlitePendingStoreFixture>;

/// <summary>The contract on the PostgreSQL store.</summary>
public sealed class PostgresPendingStoreContract(PostgresPendingStoreFixture fixture)
    : PendingStoreContract(fixture), IClassFixture<PostgresPendingStoreFixture>;
