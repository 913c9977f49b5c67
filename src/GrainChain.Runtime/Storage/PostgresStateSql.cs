namespace GrainChain.Runtime.Storage;

/// <summary>The PostgreSQL statements of one state table; the table name was validated before it got here.</summary>
internal sealed class PostgresStateSql
{
    public PostgresStateSql(string tableName)
    {
        var t = StorageTableName.Quote(tableName);
        // COLLATE "C": keys are compared byte for byte, whatever the database's locale, which is also the fastest.
        CreateTable =
            $"CREATE TABLE IF NOT EXISTS {t} (" +
            "state_name text COLLATE \"C\" NOT NULL, grain_id text COLLATE \"C\" NOT NULL, etag bigint NOT NULL, " +
            "data bytea NOT NULL, updated_at timestamptz NOT NULL, PRIMARY KEY (state_name, grain_id))";
        Select = $"SELECT data, etag FROM {t} WHERE state_name = $1 AND grain_id = $2";
        SelectETag = $"SELECT etag FROM {t} WHERE state_name = $1 AND grain_id = $2";
        Insert =
            $"INSERT INTO {t} (state_name, grain_id, etag, data, updated_at) VALUES ($1, $2, $3, $4, $5) " +
            "ON CONFLICT (state_name, grain_id) DO NOTHING";
        Update = $"UPDATE {t} SET etag = $3, data = $4, updated_at = $5 WHERE state_name = $1 AND grain_id = $2 AND etag = $6";
        Delete = $"DELETE FROM {t} WHERE state_name = $1 AND grain_id = $2 AND etag = $3";
        SchemaLockKey = Fnv1a64("grainchain-state-schema:" + tableName);
    }

    /// <summary>Serialises table creation across processes: CREATE TABLE IF NOT EXISTS alone races on the catalog.</summary>
    public string LockSchema => "SELECT pg_advisory_xact_lock($1)";

    /// <summary>The advisory lock key of this table's creation, the same in every process.</summary>
    public long SchemaLockKey { get; }

    public string CreateTable { get; }

    public string Select { get; }

    public string SelectETag { get; }

    public string Insert { get; }

    public string Update { get; }

    public string Delete { get; }

    private static long Fnv1a64(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
