using Microsoft.Data.Sqlite;
using Npgsql;

namespace GrainChain.Hosting.Tests.Infrastructure;

/// <summary>Direct access to a test database, beside the stores on it: to set up an older or a damaged schema and to
/// look at what is there.</summary>
internal static class TestDatabases
{
    public static async Task ExecuteSqliteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarSqliteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public static async Task ExecutePostgresAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarPostgresAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
