namespace GrainChain.Hosting.Postgres;

/// <summary>The PostgreSQL server that holds a cluster's membership and grain state.</summary>
public sealed class PostgresDatabaseOptions
{
    /// <summary>An Npgsql connection string, e.g. <c>Host=db1;Port=5432;Username=grainchain;Password=…;Database=grainchain</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How long opening a connection may take before the call fails (an unreachable server never hangs a silo).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one statement may run.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
