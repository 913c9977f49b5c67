namespace GrainChain.Hosting.Pending;

/// <summary>The statements the SQLite pending transaction store runs on the <c>PendingTransaction</c> table of <c>pending-1.sql</c>.</summary>
internal static class SqlitePendingStatements
{
    /// <summary>Stores one row unless the service's node holds its sequence already (then the stored row stays).</summary>
    public const string Insert =
        "INSERT INTO PendingTransaction (ServiceId, Node, Sequence, Id, Bytes) VALUES ($serviceId, $node, $sequence, $id, $bytes) " +
        "ON CONFLICT (ServiceId, Node, Sequence) DO NOTHING;";

    public const string Delete = "DELETE FROM PendingTransaction WHERE ServiceId = $serviceId AND Node = $node AND Sequence = $sequence;";

    /// <summary>
    /// A node's rows by sequence: one range scan of the primary key, which is the table itself (WITHOUT ROWID), so
    /// the ORDER BY costs no sort.
    /// </summary>
    public const string Read =
        "SELECT Sequence, Id, Bytes FROM PendingTransaction WHERE ServiceId = $serviceId AND Node = $node ORDER BY Sequence;";
}
