using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GrainChain.Runtime.Tests.Membership;

public sealed class PostgresMembershipTableTests(PostgresServerFixture server) : DurableMembershipTableContract, IClassFixture<PostgresServerFixture>
{
    private readonly List<string> _clusters = [];

    protected override IMembershipTable CreateTable(string clusterId)
    {
        _clusters.Add(clusterId);
        return new PostgresMembershipTable(new PostgresMembershipOptions { ClusterId = clusterId, ConnectionString = server.ConnectionString });
    }

    protected override async Task DeleteDataAsync()
    {
        // The tables are shared by every cluster on the server: remove only this test's clusters.
        await using var table = new PostgresMembershipTable(new PostgresMembershipOptions { ClusterId = ClusterId, ConnectionString = server.ConnectionString });
        foreach (var cluster in _clusters.Distinct())
        {
            await table.DeleteMembershipTableEntriesAsync(cluster);
        }
    }

    protected override async Task CorruptAsync(string clusterId, SiloAddress silo, string column, object value)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"UPDATE grainchain_membership SET {column} = $1 WHERE cluster_id = $2 AND silo = $3", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = value is int number && column is "start_time" ? (long)number : value });
        command.Parameters.Add(new NpgsqlParameter { Value = clusterId });
        command.Parameters.Add(new NpgsqlParameter { Value = silo.ToString() });
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task Many_silos_initialising_at_once_all_succeed_and_share_one_version_row()
    {
        var cluster = ClusterId + "-burst";
        var tables = Enumerable.Range(0, 8).Select(_ => Open(cluster)).ToList();

        await Task.WhenAll(tables.Select(t => Task.Run(() => t.InitializeAsync())));

        var versions = await Task.WhenAll(tables.Select(t => t.ReadAllAsync()));
        Assert.Single(versions.Select(v => v.Version).Distinct());
        Assert.Equal(0, versions[0].Version.Version);
    }

    [Fact]
    public async Task An_unreachable_server_gives_an_error_naming_the_server()
    {
        var port = PostgresServerFixture.FreeLoopbackPort();
        await using var table = new PostgresMembershipTable(new PostgresMembershipOptions
        {
            ClusterId = "offline",
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=5",
        });

        var failure = await Assert.ThrowsAsync<MembershipTableException>(() => table.InitializeAsync());

        Assert.Contains($"127.0.0.1:{port}", failure.Message);
        Assert.Contains("cannot be reached", failure.Message);
    }

    [Fact]
    public async Task UsePostgresMembership_registers_a_table_for_the_configured_cluster()
    {
        await using var provider = new ServiceCollection()
            .UsePostgresMembership(o =>
            {
                o.ClusterId = ClusterId;
                o.ConnectionString = server.ConnectionString;
            })
            .BuildServiceProvider();

        var table = Assert.IsType<PostgresMembershipTable>(provider.GetRequiredService<IMembershipTable>());

        Assert.Equal(ClusterId, table.ClusterId);
        Assert.Equal(0, (await table.ReadAllAsync()).Version.Version);
    }
}
