namespace GrainChain.Hosting;

/// <summary>Where a GrainChain cluster keeps grain state and membership.</summary>
public enum GrainChainBackend
{
    /// <summary>Grain state in memory and localhost clustering: one silo, nothing survives it. For tests and trials.</summary>
    Memory,

    /// <summary>One SQLite file on this machine for state and membership: the embedded default, no server.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server for state and membership: clusters across machines.</summary>
    Postgres,
}
