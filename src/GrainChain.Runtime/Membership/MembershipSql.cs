namespace GrainChain.Runtime.Membership;

/// <summary>
/// Statements shared by the SQL tables: written in the subset SQLite and PostgreSQL both accept, with $n
/// positional parameters. Two tables: one version row per cluster, one row per silo, both keyed by cluster id
/// so several clusters share a database without seeing each other.
/// </summary>
internal static class MembershipSql
{
    public const string VersionTable = "grainchain_membership_version";
    public const string RowTable = "grainchain_membership";

    public const string CreateVersionTable =
        $"CREATE TABLE IF NOT EXISTS {VersionTable} (cluster_id TEXT NOT NULL PRIMARY KEY, version BIGINT NOT NULL, etag BIGINT NOT NULL)";

    public const string CreateRowTable =
        $"CREATE TABLE IF NOT EXISTS {RowTable} (" +
        "cluster_id TEXT NOT NULL, silo TEXT NOT NULL, status INTEGER NOT NULL, host_name TEXT NOT NULL, " +
        "start_time BIGINT NOT NULL, i_am_alive_time BIGINT NOT NULL, suspect_times TEXT NOT NULL, proxy_port INTEGER NULL, " +
        "etag BIGINT NOT NULL, PRIMARY KEY (cluster_id, silo))";

    /// <summary>$1 cluster, $2 first ETag.</summary>
    public const string InsertVersion =
        $"INSERT INTO {VersionTable} (cluster_id, version, etag) VALUES ($1, 0, $2) ON CONFLICT (cluster_id) DO NOTHING";

    /// <summary>
    /// $1 cluster. One statement, so the version and the rows come from the same snapshot; the LEFT JOIN still
    /// returns the version when the cluster has no rows.
    /// </summary>
    public const string SelectAll =
        "SELECT v.version, v.etag, m.silo, m.status, m.host_name, m.start_time, m.i_am_alive_time, m.suspect_times, m.proxy_port, m.etag " +
        $"FROM {VersionTable} v LEFT JOIN {RowTable} m ON m.cluster_id = v.cluster_id WHERE v.cluster_id = $1";

    /// <summary>$1 cluster, $2 silo.</summary>
    public const string SelectOne =
        "SELECT v.version, v.etag, m.silo, m.status, m.host_name, m.start_time, m.i_am_alive_time, m.suspect_times, m.proxy_port, m.etag " +
        $"FROM {VersionTable} v LEFT JOIN {RowTable} m ON m.cluster_id = v.cluster_id AND m.silo = $2 WHERE v.cluster_id = $1";

    /// <summary>$1 cluster, $2 expected version, $3 expected ETag, $4 new ETag. Changes one row exactly when the caller's view is current.</summary>
    public const string BumpVersion =
        $"UPDATE {VersionTable} SET version = version + 1, etag = $4 WHERE cluster_id = $1 AND version = $2 AND etag = $3";

    /// <summary>$1 cluster, $2 silo, $3 status, $4 host, $5 start, $6 alive, $7 votes, $8 proxy port, $9 ETag.</summary>
    public const string InsertRow =
        $"INSERT INTO {RowTable} (cluster_id, silo, status, host_name, start_time, i_am_alive_time, suspect_times, proxy_port, etag) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (cluster_id, silo) DO NOTHING";

    /// <summary>Same parameters as <see cref="InsertRow"/> plus $10 the expected ETag.</summary>
    public const string UpdateRow =
        $"UPDATE {RowTable} SET status = $3, host_name = $4, start_time = $5, i_am_alive_time = $6, suspect_times = $7, proxy_port = $8, etag = $9 " +
        "WHERE cluster_id = $1 AND silo = $2 AND etag = $10";

    /// <summary>$1 cluster, $2 silo, $3 alive.</summary>
    public const string UpdateIAmAlive =
        $"UPDATE {RowTable} SET i_am_alive_time = $3 WHERE cluster_id = $1 AND silo = $2";

    /// <summary>$1 cluster, $2 Dead status, $3 cut-off ticks.</summary>
    public const string DeleteDefunct =
        $"DELETE FROM {RowTable} WHERE cluster_id = $1 AND status = $2 AND i_am_alive_time < $3";

    /// <summary>$1 cluster.</summary>
    public const string DeleteClusterRows = $"DELETE FROM {RowTable} WHERE cluster_id = $1";

    /// <summary>$1 cluster.</summary>
    public const string DeleteClusterVersion = $"DELETE FROM {VersionTable} WHERE cluster_id = $1";
}
