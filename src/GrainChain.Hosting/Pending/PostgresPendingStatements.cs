namespace GrainChain.Hosting.Pending;

/// <summary>The statements the PostgreSQL pending transaction store runs on the <c>pendingtransaction</c> table of <c>pending-1.sql</c>.</summary>
internal static class PostgresPendingStatements
{
    /// <summary>
    /// Stores node $1's rows of three parallel arrays ($2 sequences, $3 ids, $4 bytes) whose sequences it does not
    /// hold yet. Rows go in sequence order: each lands after the one before at the end of the node's range in the
    /// index, and two writes of one node with overlapping sequences (a node moving between silos) wait for each other
    /// but cannot deadlock.
    /// </summary>
    public const string Insert =
        """
        INSERT INTO pendingtransaction (node, sequence, id, bytes)
        SELECT $1, sequence, id, bytes
        FROM unnest($2::bigint[], $3::bytea[], $4::bytea[]) AS added (sequence, id, bytes)
        ORDER BY sequence
        ON CONFLICT (node, sequence) DO NOTHING
        """;

    /// <summary>Removes node $1's rows whose sequences are in $2; sequences it does not hold are ignored.</summary>
    public const string Delete = "DELETE FROM pendingtransaction WHERE node = $1 AND sequence = ANY ($2::bigint[])";

    /// <summary>A node's rows by sequence: a scan of the primary key's index, in its order, so no sort.</summary>
    public const string Read = "SELECT sequence, id, bytes FROM pendingtransaction WHERE node = $1 ORDER BY sequence";
}
