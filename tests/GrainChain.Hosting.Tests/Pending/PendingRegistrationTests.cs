using GrainChain.Hosting.Pending;
using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Sqlite;
using GrainChain.Hosting.Tests.Infrastructure;
using GrainChain.Hosting.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using static GrainChain.Hosting.Tests.Pending.TestPending;

namespace GrainChain.Hosting.Tests.Pending;

/// <summary>AddGrainChainPendingTransactions: the store each backend gets, for the configured service id (rows shared
/// within it, kept apart between ids, an empty id refused), the schema a silo installs as it starts, and a silo that
/// says what to add when its database is missing.</summary>
public sealed class PendingRegistrationTests
{
    [Fact]
    public async Task Memory_stores_of_one_service_id_share_rows_and_other_service_ids_do_not()
    {
        var serviceId = $"pending-{Guid.NewGuid():N}";
        await using var first = Services(GrainChainBackend.Memory, serviceId);
        await using var second = Services(GrainChainBackend.Memory, serviceId);
        await using var other = Services(GrainChainBackend.Memory, $"{serviceId}-other");
        var row = Row(serviceId);

        await first.GetRequiredService<IPendingTransactionStore>().WriteAsync("node", [row], []);

        Assert.IsType<MemoryPendingTransactionStore>(first.GetRequiredService<IPendingTransactionStore>());
        Assert.Equal([row], await second.GetRequiredService<IPendingTransactionStore>().ReadAsync("node"));
        Assert.Empty(await other.GetRequiredService<IPendingTransactionStore>().ReadAsync("node"));
    }

    [Theory]
    [InlineData(GrainChainBackend.Sqlite, "AddGrainChainSqliteDatabase")]
    [InlineData(GrainChainBackend.Postgres, "AddGrainChainPostgresDatabase")]
    public async Task A_store_without_its_database_names_the_missing_registration(GrainChainBackend backend, string registration)
    {
        await using var services = Services(backend, "pending");

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IPendingTransactionStore>());

        Assert.Contains(registration, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GrainChainBackend.Memory)]
    [InlineData(GrainChainBackend.Sqlite)]
    [InlineData(GrainChainBackend.Postgres)]
    public async Task A_store_for_an_empty_service_id_is_refused_naming_it(GrainChainBackend backend)
    {
        using var folder = new TempFolder();
        await using var services = Services(backend, " ", database => database
            .AddGrainChainSqliteDatabase(o => o.Path = folder.File("pending.db"))
            .AddGrainChainPostgresDatabase(o => o.ConnectionString = "Host=127.0.0.1;Username=nobody"));

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IPendingTransactionStore>());

        Assert.Contains("pending transaction store", error.Message, StringComparison.Ordinal);
        Assert.Contains("ClusterOptions.ServiceId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sqlite_stores_of_other_service_ids_on_one_file_keep_their_own_rows()
    {
        using var folder = new TempFolder();
        var path = folder.File("pending.db");
        void Database(IServiceCollection services) => services.AddGrainChainSqliteDatabase(o => o.Path = path);
        await using var first = Services(GrainChainBackend.Sqlite, "first", Database);
        await using var second = Services(GrainChainBackend.Sqlite, "second", Database);
        await using var firstAgain = Services(GrainChainBackend.Sqlite, "first", Database);
        // The silo installs the schema as it starts; without a silo, install it here.
        await SqliteSchemaInstaller.EnsureAsync(first.GetRequiredService<SqliteDataSource>());
        var row = Row("first");
        var secondRow = Row("second");

        await first.GetRequiredService<IPendingTransactionStore>().WriteAsync("node", [row], []);
        await second.GetRequiredService<IPendingTransactionStore>().WriteAsync("node", [secondRow], []);

        Assert.Equal([row], await firstAgain.GetRequiredService<IPendingTransactionStore>().ReadAsync("node"));
        Assert.Equal([secondRow], await second.GetRequiredService<IPendingTransactionStore>().ReadAsync("node"));
    }

    [Fact]
    public async Task Each_database_backend_gets_its_store_and_the_first_registration_wins()
    {
        using var folder = new TempFolder();
        var sqlite = new ServiceCollection().AddGrainChainSqliteDatabase(o => o.Path = folder.File("pending.db"));
        var postgres = new ServiceCollection().AddGrainChainPostgresDatabase(o => o.ConnectionString = "Host=127.0.0.1;Username=nobody");
        await using var sqliteServices = sqlite.AddGrainChainPendingTransactions(GrainChainBackend.Sqlite)
            .AddGrainChainPendingTransactions(GrainChainBackend.Postgres).BuildServiceProvider();
        await using var postgresServices = postgres.AddGrainChainPendingTransactions(GrainChainBackend.Postgres).BuildServiceProvider();

        Assert.IsType<SqlitePendingTransactionStore>(sqliteServices.GetRequiredService<IPendingTransactionStore>());
        Assert.IsType<PostgresPendingTransactionStore>(postgresServices.GetRequiredService<IPendingTransactionStore>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceCollection().AddGrainChainPendingTransactions((GrainChainBackend)42));
    }

    [Fact]
    public async Task A_silo_on_a_database_of_an_older_build_adds_the_pending_table_as_it_starts()
    {
        using var folder = new TempFolder();
        var path = folder.File("silo.db");
        await using (var dataSource = new SqliteDataSource(new SqliteDatabaseOptions { Path = path }))
        {
            await SqliteSchemaInstaller.EnsureAsync(dataSource);
        }

        await PendingSchemaTests.MakeOlderSqliteAsync(path);
        using var host = StorageSilo.Build(silo =>
        {
            silo.Services.AddGrainChainSqliteDatabase(o => o.Path = path);
            silo.Services.AddGrainChainPendingTransactions(GrainChainBackend.Sqlite);
        });
        await host.StartAsync();
        try
        {
            var store = host.Services.GetRequiredService<IPendingTransactionStore>();
            var rows = Rows("silo", 3);

            await store.WriteAsync("node", rows, [rows[1].Sequence]);

            Assert.Equal([rows[0], rows[2]], await store.ReadAsync("node"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_silo_whose_store_has_no_database_refuses_to_start()
    {
        using var host = StorageSilo.Build(silo => silo.Services.AddGrainChainPendingTransactions(GrainChainBackend.Sqlite));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        var message = ExceptionChain.Find<OrleansConfigurationException>(error).Message;
        Assert.Contains("pending transaction store", message, StringComparison.Ordinal);
        Assert.Contains("AddGrainChainSqliteDatabase", message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(GrainChainBackend backend, string serviceId, Action<IServiceCollection>? database = null)
    {
        var services = new ServiceCollection();
        services.Configure<ClusterOptions>(o => o.ServiceId = serviceId);
        database?.Invoke(services);
        return services.AddGrainChainPendingTransactions(backend).BuildServiceProvider();
    }
}
