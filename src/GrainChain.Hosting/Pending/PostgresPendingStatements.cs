namespace GrainChain.Hosting.Pending;

/// <summary>The statements the PostgreSQL pending transaction store runs on the <c>pendingtransaction</c> table of <c>pending-1.sql</c>.</summary>
internal static class PostgresPendingStatements
{
    /// <summary>
    /// Stores node $1's rows of two parallel arrays ($2 ids, $3 bytes) whose ids it does not hold yet. Rows go in id
    /// order, so two writes of one node with overlapping ids (a node moving between silos) wait for each other but
    /// cannot deadlock.
    /// </summary>
    public const string Insert =
        """
        INSERT INTO pendingtransaction (node, id, bytes)
        SELECT $1, id, bytes
        FROM unnest($2::bytea[], $3::bytea[]) AS added (id, bytes)
        ORDER BY id
        ON CONFLICT (node, id) DO NOTHING
        """;

    /// <summary>Removes node $1's rows whose ids are in $2; ids it does not hold are ignored.</summary>
    public const string Delete = "DELETE FROM pendingtransaction WHERE node = $1 AND id = ANY ($2::bytea[])";

    public const string Read = "SELECT id, bytes FROM pendingtransaction WHERE node = $1";
}
