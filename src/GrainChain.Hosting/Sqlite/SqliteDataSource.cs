using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace GrainChain.Hosting.Sqlite;

/// <summary>Opens tuned, pooled connections to one SQLite file; handed to Orleans' ADO.NET providers as their data source.</summary>
public sealed class SqliteDataSource : DbDataSource
{
    private readonly TimeSpan _busyTimeout;

    public SqliteDataSource(SqliteDatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
            throw new ArgumentException("GrainChain:Sqlite:Path is required", nameof(options));
        if (options.BusyTimeout <= TimeSpan.Zero)
            throw new ArgumentException("GrainChain:Sqlite:BusyTimeout must be positive", nameof(options));
        FilePath = options.FullPath;
        _busyTimeout = options.BusyTimeout;
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    public override string ConnectionString { get; }

    protected override DbConnection CreateDbConnection() => new SqliteTunedConnection(ConnectionString, _busyTimeout);
}
