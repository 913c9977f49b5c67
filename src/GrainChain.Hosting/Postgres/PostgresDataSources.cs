using Npgsql;

namespace GrainChain.Hosting.Postgres;

/// <summary>Builds the pooled Npgsql data source handed to Orleans' ADO.NET providers, with GrainChain's timeouts.</summary>
public static class PostgresDataSources
{
    public static NpgsqlDataSource Create(PostgresDatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new ArgumentException("GrainChain:Postgres:ConnectionString is required", nameof(options));
        if (options.ConnectTimeout <= TimeSpan.Zero || options.CommandTimeout <= TimeSpan.Zero)
            throw new ArgumentException("GrainChain:Postgres timeouts must be positive", nameof(options));
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"GrainChain:Postgres:ConnectionString is not a valid connection string: {e.Message}", nameof(options), e);
        }

        builder.Timeout = Math.Max(1, (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds));
        builder.CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds));
        return NpgsqlDataSource.Create(builder);
    }

    /// <summary>Where a connection string points, without its credentials: safe for logs and error messages.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL {b.Host}:{b.Port}/{b.Database ?? b.Username}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL (unparseable connection string)";
        }
    }
}
