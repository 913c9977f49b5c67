namespace GrainChain.Hosting.Schema;

/// <summary>The relational databases GrainChain keeps its state and membership in.</summary>
public enum DatabaseKind
{
    /// <summary>One local file, no server: the embedded default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: clusters across machines.</summary>
    Postgres,
}
