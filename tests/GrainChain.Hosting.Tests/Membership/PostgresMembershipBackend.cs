using GrainChain.Hosting.Clustering;
using GrainChain.Hosting.Postgres;
using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Tests.Infrastructure;
using Npgsql;

namespace GrainChain.Hosting.Tests.Membership;

/// <summary>A fresh database on the test PostgreSQL server with the GrainChain schema; dropped at the end.</summary>
public sealed class PostgresMembershipBackend : MembershipBackend
{
    private string _connectionString = "";

    public override async Task InitializeAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("gc_membership");
        await using var dataSource = PostgresDataSources.Create(new PostgresDatabaseOptions { ConnectionString = _connectionString });
        await PostgresSchemaInstaller.EnsureAsync(dataSource);
    }

    public override Task<MembershipConnection> ConnectAsync(string clusterId) =>
        AdoNetMembershipConnections.ConnectAsync(clusterId, ClusteringDatabases.Postgres,
            services => services.AddGrainChainPostgresDatabase(o => o.ConnectionString = _connectionString));

    public override async Task DisposeAsync()
    {
        if (_connectionString.Length == 0) return;
        var database = new NpgsqlConnectionStringBuilder(_connectionString).Database;
        var admin = new NpgsqlConnectionStringBuilder(_connectionString) { Database = "postgres", Pooling = false }.ToString();
        try
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Best effort: the test server is disposable.
        }
    }
}
