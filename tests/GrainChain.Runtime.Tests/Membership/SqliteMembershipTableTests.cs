using GrainChain.Runtime.Membership;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Tests.Membership;

public sealed class SqliteMembershipTableTests : DurableMembershipTableContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("grainchain-membership-").FullName;

    private string DatabasePath => Path.Combine(_directory, "membership.db");

    protected override IMembershipTable CreateTable(string clusterId) =>
        new SqliteMembershipTable(new SqliteMembershipOptions { ClusterId = clusterId, DataSource = DatabasePath });

    protected override Task DeleteDataAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    protected override async Task CorruptAsync(string clusterId, SiloAddress silo, string column, object value)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE grainchain_membership SET {column} = $value WHERE cluster_id = $cluster AND silo = $silo";
        command.Parameters.AddWithValue("$value", value);
        command.Parameters.AddWithValue("$cluster", clusterId);
        command.Parameters.AddWithValue("$silo", silo.ToString());
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task The_file_is_in_wal_mode_after_initialising()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_gives_an_error_naming_the_file()
    {
        var path = Path.Combine(_directory, "garbage.db");
        await File.WriteAllBytesAsync(path, Enumerable.Range(0, 8192).Select(i => (byte)(i * 31)).ToArray());
        await using var table = new SqliteMembershipTable(new SqliteMembershipOptions { ClusterId = "c", DataSource = path });

        var failure = await Assert.ThrowsAsync<MembershipTableException>(() => table.InitializeAsync());

        Assert.Contains(path, failure.Message);
    }

    [Theory]
    [InlineData("", "file.db")]
    [InlineData("c", "")]
    [InlineData("c", ":memory:")]
    public void Bad_options_are_refused_naming_the_setting(string clusterId, string dataSource)
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
            new SqliteMembershipTable(new SqliteMembershipOptions { ClusterId = clusterId, DataSource = dataSource }));

        Assert.Contains(clusterId == "" ? "ClusterId" : "DataSource", failure.Message);
    }

    [Fact]
    public async Task UseSqliteMembership_registers_a_table_over_the_configured_file_and_cluster()
    {
        await using var provider = new ServiceCollection()
            .UseInMemoryMembership()
            .UseSqliteMembership(o =>
            {
                o.ClusterId = ClusterId;
                o.DataSource = DatabasePath;
            })
            .BuildServiceProvider();

        var table = Assert.IsType<SqliteMembershipTable>(provider.GetRequiredService<IMembershipTable>());

        Assert.Equal(ClusterId, table.ClusterId);
        Assert.Equal(Path.GetFullPath(DatabasePath), table.FilePath);
        Assert.Equal(0, (await table.ReadAllAsync()).Version.Version);
    }
}
