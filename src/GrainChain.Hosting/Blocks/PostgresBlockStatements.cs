namespace GrainChain.Hosting.Blocks;

/// <summary>The statements the PostgreSQL block archive runs on the <c>block</c> table of <c>blocks-1.sql</c>.</summary>
internal static class PostgresBlockStatements
{
    /// <summary>
    /// Stores the blocks of three parallel arrays ($1 hashes, $2 parent hashes, $3 bytes) whose hashes are not stored
    /// yet. Rows are inserted in hash order: a put waiting for another's uncommitted row of the same hash then never
    /// holds a row the other needs, so concurrent puts of overlapping blocks cannot deadlock.
    /// </summary>
    public const string Insert =
        """
        INSERT INTO block (hash, previoushash, bytes)
        SELECT hash, previoushash, bytes
        FROM unnest($1::bytea[], $2::bytea[], $3::bytea[]) AS put (hash, previoushash, bytes)
        ORDER BY hash
        ON CONFLICT (hash) DO NOTHING
        """;

    public const string Get = "SELECT previoushash, bytes FROM block WHERE hash = $1";

    /// <summary>
    /// The chain ending at $1, one primary-key lookup per parent link, at most $2 blocks (which also bounds the walk
    /// should stored links ever form a cycle). Depth (1 for the tip) says where each row goes.
    /// </summary>
    public const string Ancestry =
        """
        WITH RECURSIVE chain (hash, previoushash, bytes, depth) AS (
            SELECT hash, previoushash, bytes, 1 FROM block WHERE hash = $1
            UNION ALL
            SELECT b.hash, b.previoushash, b.bytes, c.depth + 1
            FROM chain AS c JOIN block AS b ON b.hash = c.previoushash
            WHERE c.depth < $2
        )
        SELECT hash, previoushash, bytes, depth FROM chain
        """;
}
