using GrainChain.Hosting.Clustering;
using GrainChain.Hosting.Postgres;
using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace GrainChain.Hosting.Tests.Membership;

/// <summary>What the public <c>UseGrainChain…Clustering</c> methods refuse, and how they say it.</summary>
public sealed class ClusteringRegistrationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_client_before_any_silo_on_SQLite_fails_saying_a_silo_must_start_first_and_creates_no_file()
    {
        var path = _folder.File("no-silo-yet.db");
        using var client = Client(services => services.AddGrainChainSqliteDatabase(o => o.Path = path),
            builder => builder.UseGrainChainSqliteClustering());

        var error = await Assert.ThrowsAsync<GrainChainDatabaseException>(() => client.StartAsync());

        Assert.Contains("start a silo against this database first", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_client_on_an_empty_SQLite_file_fails_saying_a_silo_must_start_first()
    {
        var path = _folder.File("empty.db");
        await File.WriteAllBytesAsync(path, []);
        using var client = Client(services => services.AddGrainChainSqliteDatabase(o => o.Path = path),
            builder => builder.UseGrainChainSqliteClustering());

        var error = await Assert.ThrowsAsync<GrainChainDatabaseException>(() => client.StartAsync());

        Assert.Contains("start a silo against this database first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_before_any_silo_on_PostgreSQL_fails_saying_a_silo_must_start_first()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("gc_noschema");
        using var client = Client(services => services.AddGrainChainPostgresDatabase(o => o.ConnectionString = connectionString),
            builder => builder.UseGrainChainPostgresClustering());

        var error = await Assert.ThrowsAsync<GrainChainDatabaseException>(() => client.StartAsync());

        Assert.Contains("start a silo against this database first", error.Message, StringComparison.Ordinal);
        Assert.Contains(PostgresDataSources.Describe(connectionString), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_without_its_database_registered_fails_naming_the_missing_registration()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.UseGrainChainSqliteClustering().Configure<ClusterOptions>(o => o.ClusterId = "unregistered"));
        using var silo = builder.Build();

        var error = await Assert.ThrowsAsync<OrleansConfigurationException>(() => silo.StartAsync());

        Assert.Contains(nameof(DatabaseServiceCollectionExtensions.AddGrainChainSqliteDatabase), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_without_its_database_registered_fails_naming_the_missing_registration()
    {
        using var client = Client(_ => { }, builder => builder.UseGrainChainPostgresClustering());

        var error = await Assert.ThrowsAsync<OrleansConfigurationException>(() => client.StartAsync());

        Assert.Contains(nameof(DatabaseServiceCollectionExtensions.AddGrainChainPostgresDatabase), error.Message, StringComparison.Ordinal);
    }

    private static IHost Client(Action<IServiceCollection> addDatabase, Action<IClientBuilder> useClustering)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        addDatabase(builder.Services);
        builder.UseOrleansClient(client =>
        {
            useClustering(client);
            client.Configure<ClusterOptions>(o => o.ClusterId = "no-silo");
        });
        return builder.Build();
    }

    public void Dispose() => _folder.Dispose();
}
