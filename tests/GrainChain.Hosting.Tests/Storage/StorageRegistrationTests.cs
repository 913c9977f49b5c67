using GrainChain.Hosting.Storage;

namespace GrainChain.Hosting.Tests.Storage;

/// <summary>Grain storage without its database registered stops the silo at start, saying what to add.</summary>
public sealed class StorageRegistrationTests
{
    [Fact]
    public async Task Sqlite_grain_storage_without_a_sqlite_database_names_the_missing_registration()
    {
        using var host = StorageSilo.Build(silo => silo.AddGrainChainSqliteGrainStorage("ledger"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        var message = ExceptionChain.Find<OrleansConfigurationException>(error).Message;
        Assert.Contains("'ledger'", message, StringComparison.Ordinal);
        Assert.Contains("AddGrainChainSqliteDatabase", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_grain_storage_without_a_postgres_database_names_the_missing_registration()
    {
        using var host = StorageSilo.Build(silo => silo.AddGrainChainPostgresGrainStorage("ledger"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        var message = ExceptionChain.Find<OrleansConfigurationException>(error).Message;
        Assert.Contains("'ledger'", message, StringComparison.Ordinal);
        Assert.Contains("AddGrainChainPostgresDatabase", message, StringComparison.Ordinal);
    }
}
