namespace GrainChain.Runtime.Storage;

/// <summary>The SQLite statements of one state table; the table name was validated before it got here.</summary>
internal sealed class SqliteStateSql
{
    public SqliteStateSql(string tableName)
    {
        var t = StorageTableName.Quote(tableName);
        // A rowid table rather than WITHOUT ROWID: records can be megabytes, which WITHOUT ROWID handles badly.
        CreateTable =
            $"CREATE TABLE IF NOT EXISTS {t} (" +
            "state_name TEXT NOT NULL, grain_id TEXT NOT NULL, etag INTEGER NOT NULL, data BLOB NOT NULL, " +
            "updated_at INTEGER NOT NULL, PRIMARY KEY (state_name, grain_id))";
        Select = $"SELECT data, etag FROM {t} WHERE state_name = $state AND grain_id = $grain";
        SelectETag = $"SELECT etag FROM {t} WHERE state_name = $state AND grain_id = $grain";
        Insert =
            $"INSERT INTO {t} (state_name, grain_id, etag, data, updated_at) VALUES ($state, $grain, $etag, $data, $now) " +
            "ON CONFLICT (state_name, grain_id) DO NOTHING";
        Update =
            $"UPDATE {t} SET etag = $etag, data = $data, updated_at = $now " +
            "WHERE state_name = $state AND grain_id = $grain AND etag = $expected";
        Delete = $"DELETE FROM {t} WHERE state_name = $state AND grain_id = $grain AND etag = $expected";
    }

    public string CreateTable { get; }

    public string Select { get; }

    public string SelectETag { get; }

    public string Insert { get; }

    public string Update { get; }

    public string Delete { get; }
}
