using GrainChain.Hosting.Blocks;
using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Tests.Infrastructure;
using GrainChain.Hosting.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace GrainChain.Hosting.Tests.Blocks;

/// <summary>AddGrainChainBlockArchive: the archive each backend gets, shared memory per service id, and a silo that
/// says what to add when its database is missing.</summary>
public sealed class BlockArchiveRegistrationTests
{
    [Fact]
    public async Task Memory_archives_of_one_service_id_share_blocks_and_other_service_ids_do_not()
    {
        var serviceId = $"blocks-{Guid.NewGuid():N}";
        await using var first = Services(GrainChainBackend.Memory, serviceId);
        await using var second = Services(GrainChainBackend.Memory, serviceId);
        await using var other = Services(GrainChainBackend.Memory, $"{serviceId}-other");
        var block = TestBlocks.Block(TestBlocks.Zero, serviceId);

        await first.GetRequiredService<IBlockArchive>().PutAsync([block]);

        Assert.IsType<MemoryBlockArchive>(first.GetRequiredService<IBlockArchive>());
        Assert.Equal(block, await second.GetRequiredService<IBlockArchive>().GetAsync(block.Hash));
        Assert.Null(await other.GetRequiredService<IBlockArchive>().GetAsync(block.Hash));
    }

    [Theory]
    [InlineData(GrainChainBackend.Sqlite, "AddGrainChainSqliteDatabase")]
    [InlineData(GrainChainBackend.Postgres, "AddGrainChainPostgresDatabase")]
    public async Task An_archive_without_its_database_names_the_missing_registration(GrainChainBackend backend, string registration)
    {
        await using var services = Services(backend, "blocks");

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IBlockArchive>());

        Assert.Contains(registration, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_database_backend_gets_its_archive()
    {
        using var folder = new TempFolder();
        var sqlite = new ServiceCollection().AddGrainChainSqliteDatabase(o => o.Path = folder.File("blocks.db"));
        var postgres = new ServiceCollection().AddGrainChainPostgresDatabase(o => o.ConnectionString = "Host=127.0.0.1;Username=nobody");
        await using var sqliteServices = sqlite.AddGrainChainBlockArchive(GrainChainBackend.Sqlite).BuildServiceProvider();
        await using var postgresServices = postgres.AddGrainChainBlockArchive(GrainChainBackend.Postgres).BuildServiceProvider();

        Assert.IsType<SqliteBlockArchive>(sqliteServices.GetRequiredService<IBlockArchive>());
        Assert.IsType<PostgresBlockArchive>(postgresServices.GetRequiredService<IBlockArchive>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceCollection().AddGrainChainBlockArchive((GrainChainBackend)42));
    }

    [Fact]
    public async Task A_silo_installs_the_block_schema_as_it_starts()
    {
        using var folder = new TempFolder();
        using var host = StorageSilo.Build(silo =>
        {
            silo.Services.AddGrainChainSqliteDatabase(o => o.Path = folder.File("silo.db"));
            silo.Services.AddGrainChainBlockArchive(GrainChainBackend.Sqlite);
        });
        await host.StartAsync();
        try
        {
            var archive = host.Services.GetRequiredService<IBlockArchive>();
            var chain = TestBlocks.Chain("silo", 3);

            await archive.PutAsync(chain);

            Assert.Equal(Enumerable.Reverse(chain), await archive.GetAncestryAsync(chain[^1].Hash, 10));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_silo_whose_archive_has_no_database_refuses_to_start()
    {
        using var host = StorageSilo.Build(silo => silo.Services.AddGrainChainBlockArchive(GrainChainBackend.Sqlite));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        var message = ExceptionChain.Find<OrleansConfigurationException>(error).Message;
        Assert.Contains("block archive", message, StringComparison.Ordinal);
        Assert.Contains("AddGrainChainSqliteDatabase", message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(GrainChainBackend backend, string serviceId)
    {
        var services = new ServiceCollection();
        services.Configure<ClusterOptions>(o => o.ServiceId = serviceId);
        return services.AddGrainChainBlockArchive(backend).BuildServiceProvider();
    }
}
