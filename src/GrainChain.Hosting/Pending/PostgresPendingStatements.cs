namespace GrainChain.Hosting.Pending;

/// <summary>The statements the PostgreSQL pending transaction store runs on the <c>pendingtransaction</c> table of <c>pending-1.sql</c>.</summary>
internal static class PostgresPendingStatements
{
    /// <summary>
    /// Stores the rows of service $1's node $2 given as three parallel arrays ($3 sequences, $4 ids, $5 bytes) whose
    /// sequences the node does not hold yet. Rows go in sequence order: each lands after the one before at the end of
    /// the node's range in the index, and two writes of one node with overlapping sequences (a node moving between
    /// silos) wait for each other but cannot deadlock.
    /// </summary>
    public const string Insert =
        """
        INSERT INTO pendingtransaction (serviceid, node, sequence, id, bytes)
        SELECT $1, $2, sequence, id, bytes
        FROM unnest($3::bigint[], $4::bytea[], $5::bytea[]) AS added (sequence, id, bytes)
        ORDER BY sequence
        ON CONFLICT (serviceid, node, sequence) DO NOTHING
        """;

    /// <summary>Removes the rows of service $1's node $2 whose sequences are in $3; sequences it does not hold are ignored.</summary>
    public const string Delete =
        "DELETE FROM pendingtransaction WHERE serviceid = $1 AND node = $2 AND sequence = ANY ($3::bigint[])";

    /// <summary>A node's rows by sequence: a scan of the primary key's index, in its order, so no sort.</summary>
    public const string Read =
        "SELECT sequence, id, bytes FROM pendingtransaction WHERE serviceid = $1 AND node = $2 ORDER BY sequence";
}
