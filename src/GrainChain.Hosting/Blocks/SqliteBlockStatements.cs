namespace GrainChain.Hosting.Blocks;

/// <summary>The statements the SQLite block archive runs on the <c>Block</c> table of <c>blocks-1.sql</c>.</summary>
internal static class SqliteBlockStatements
{
    /// <summary>Stores one block unless its hash is stored already (then the stored bytes stay).</summary>
    public const string Insert =
        "INSERT INTO Block (Hash, PreviousHash, Bytes) VALUES ($hash, $previousHash, $bytes) ON CONFLICT (Hash) DO NOTHING;";

    public const string Get = "SELECT PreviousHash, Bytes FROM Block WHERE Hash = $hash;";

    /// <summary>
    /// The chain ending at $tip, one primary-key lookup per parent link, at most $max blocks (which also bounds the
    /// walk should stored links ever form a cycle). Depth (1 for the tip) says where each row goes, so the order
    /// does not rest on the order SQLite happens to return the rows in.
    /// </summary>
    public const string Ancestry =
        """
        WITH RECURSIVE chain (Hash, PreviousHash, Bytes, Depth) AS (
            SELECT Hash, PreviousHash, Bytes, 1 FROM Block WHERE Hash = $tip
            UNION ALL
            SELECT b.Hash, b.PreviousHash, b.Bytes, c.Depth + 1
            FROM chain AS c JOIN Block AS b ON b.Hash = c.PreviousHash
            WHERE c.Depth < $max
        )
        SELECT Hash, PreviousHash, Bytes, Depth FROM chain;
        """;
}
