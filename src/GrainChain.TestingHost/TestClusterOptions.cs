namespace GrainChain.TestingHost;

/// <summary>Settings of a test cluster.</summary>
public sealed class TestClusterOptions
{
    /// <summary>How many silos <see cref="TestCluster.DeployAsync"/> starts. Default 1.</summary>
    public int InitialSilosCount { get; set; } = 1;

    /// <summary>The cluster id the silos share (the handshake refuses others); unique per test cluster by default.</summary>
    public string ClusterId { get; set; } = "test-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// How long <see cref="TestCluster.WaitForLivenessToStabilizeAsync"/> waits before it fails with a description
    /// of what each silo sees. Default 60 seconds.
    /// </summary>
    public TimeSpan StabilizationTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
