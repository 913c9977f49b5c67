namespace GrainChain.Hosting.Schema;

/// <summary>The configured database cannot be used: not reachable, not a GrainChain database, or a newer schema.</summary>
public sealed class GrainChainDatabaseException : Exception
{
    public GrainChainDatabaseException(string message) : base(message) { }
    public GrainChainDatabaseException(string message, Exception innerException) : base(message, innerException) { }
}
