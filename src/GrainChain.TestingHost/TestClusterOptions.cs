namespace GrainChain.TestingHost;

/// <summary>Settings of a test cluster.</summary>
public sealed class TestClusterOptions
{
    /// <summary>
    /// How many silos <see cref="TestCluster.DeployAsync"/> starts. Only 1 is supported until the runtime spreads
    /// over several silos (the cluster issue); a larger value fails at deploy time with a clear message.
    /// </summary>
    public int InitialSilosCount { get; set; } = 1;

    /// <summary>A name for the cluster, used in silo names.</summary>
    public string ClusterId { get; set; } = "test-" + Guid.NewGuid().ToString("N")[..8];
}
