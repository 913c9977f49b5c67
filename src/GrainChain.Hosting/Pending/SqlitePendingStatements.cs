namespace GrainChain.Hosting.Pending;

/// <summary>The statements the SQLite pending transaction store runs on the <c>PendingTransaction</c> table of <c>pending-1.sql</c>.</summary>
internal static class SqlitePendingStatements
{
    /// <summary>Stores one row unless the node holds its id already (then the stored bytes stay).</summary>
    public const string Insert =
        "INSERT INTO PendingTransaction (Node, Id, Bytes) VALUES ($node, $id, $bytes) ON CONFLICT (Node, Id) DO NOTHING;";

    public const string Delete = "DELETE FROM PendingTransaction WHERE Node = $node AND Id = $id;";

    /// <summary>A node's rows: one range scan of the primary key, which is the table itself (WITHOUT ROWID).</summary>
    public const string Read = "SELECT Id, Bytes FROM PendingTransaction WHERE Node = $node;";
}
