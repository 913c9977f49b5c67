using GrainChain.Hosting.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;

namespace GrainChain.Hosting.Blocks;

/// <summary>Registers the silo's <see cref="IBlockArchive"/> on the backend the cluster keeps its state in.</summary>
public static class BlockArchiveServiceCollectionExtensions
{
    // How the messages about a missing database or service id name what needs it (and the tests look for).
    private const string Component = "the GrainChain block archive";

    /// <summary>
    /// Adds the <see cref="IBlockArchive"/> singleton: with <see cref="GrainChainBackend.Sqlite"/> or
    /// <see cref="GrainChainBackend.Postgres"/>, the <c>blocks</c> tables of the database registered with
    /// <c>AddGrainChainSqliteDatabase</c> or <c>AddGrainChainPostgresDatabase</c> (the schema is installed as the silo
    /// starts, and a silo without that database refuses to start); with <see cref="GrainChainBackend.Memory"/>, a
    /// store in this process's memory shared by every silo of the same <see cref="ClusterOptions.ServiceId"/>, which
    /// keeps the blocks only as long as the process lives. The first registration of an archive wins.
    /// </summary>
    public static IServiceCollection AddGrainChainBlockArchive(this IServiceCollection services, GrainChainBackend backend) =>
        BackendServiceRegistration.Add<IBlockArchive>(services, backend, Component,
            memory: sp => new MemoryBlockArchive(RequiredServices.ServiceId(sp, $"{Component} in memory")),
            sqlite: (sp, database) => new SqliteBlockArchive(
                database, sp.GetService<ILogger<SqliteBlockWriter>>() ?? NullLogger<SqliteBlockWriter>.Instance),
            postgres: (_, database) => new PostgresBlockArchive(database));
}
