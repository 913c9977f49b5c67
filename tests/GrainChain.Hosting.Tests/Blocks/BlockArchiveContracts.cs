namespace GrainChain.Hosting.Tests.Blocks;

/// <summary>The contract on the memory archive.</summary>
public sealed class MemoryBlockArchiveContract(MemoryBlockArchiveFixture fixture)
    : BlockArchiveContract(fixture), IClassFixture<MemoryBlockArchiveFixture>;

/// <summary>The contract on the SQLite archive.</summary>
public sealed class SqliteBlockArchiveContract(SqliteBlockArchiveFixture fixture)
    : BlockArchiveContract(fixture), IClassFixture<SqliteBlockArchiveFixture>;

/// <summary>The contract on the PostgreSQL archive.</summary>
public sealed class PostgresBlockArchiveContract(PostgresBlockArchiveFixture fixture)
    : BlockArchiveContract(fixture), IClassFixture<PostgresBlockArchiveFixture>;
