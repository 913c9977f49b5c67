namespace GrainChain.Cluster.TestSilo;

/// <summary>Names of the grain stores a test silo registers.</summary>
public static class TestSiloStores
{
    /// <summary>The SQLite store in the cluster's state file, shared by every silo process.</summary>
    public const string Cluster = "cluster-store";
}
