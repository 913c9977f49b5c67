using GrainChain.Hosting.Sqlite;
using Microsoft.Data.Sqlite;

namespace GrainChain.Hosting.Pending;

/// <summary>The pending writer's session: applies the writes of several callers, in the order they were queued, in
/// one transaction.</summary>
internal sealed class SqlitePendingSession : SqliteWriteSession<SqlitePendingWrite>
{
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _delete;

    private SqlitePendingSession(SqliteConnection connection)
        : base(connection)
    {
        _insert = Command(SqlitePendingStatements.Insert, ("$serviceId", SqliteType.Text), ("$node", SqliteType.Text),
            ("$sequence", SqliteType.Integer), ("$id", SqliteType.Blob), ("$bytes", SqliteType.Blob));
        _delete = Command(SqlitePendingStatements.Delete,
            ("$serviceId", SqliteType.Text), ("$node", SqliteType.Text), ("$sequence", SqliteType.Integer));
    }

    public static SqlitePendingSession Open(SqliteDataSource dataSource) => Open(dataSource, c => new SqlitePendingSession(c));

    protected override void Write(List<SqlitePendingWrite> batch)
    {
        // Parameters are looked up once per batch and only their values change per row.
        var insertService = _insert.Parameters["$serviceId"];
        var insertNode = _insert.Parameters["$node"];
        var insertSequence = _insert.Parameters["$sequence"];
        var insertId = _insert.Parameters["$id"];
        var bytes = _insert.Parameters["$bytes"];
        var deleteService = _delete.Parameters["$serviceId"];
        var deleteNode = _delete.Parameters["$node"];
        var deleteSequence = _delete.Parameters["$sequence"];
        foreach (var write in batch)
        {
            // Inserts first, then deletes: a sequence a write both adds and removes ends removed.
            insertService.Value = write.ServiceId;
            insertNode.Value = write.Node;
            foreach (var row in write.Added)
            {
                insertSequence.Value = row.Sequence;
                insertId.Value = row.Id;
                bytes.Value = row.Bytes;
                _insert.ExecuteNonQuery();
            }

            deleteService.Value = write.ServiceId;
            deleteNode.Value = write.Node;
            foreach (var sequence in write.Removed)
            {
                deleteSequence.Value = sequence;
                _delete.ExecuteNonQuery();
            }
        }
    }
}
