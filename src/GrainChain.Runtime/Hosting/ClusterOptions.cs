namespace GrainChain.Runtime.Hosting;

/// <summary>Which cluster a silo or client belongs to.</summary>
public sealed class ClusterOptions
{
    /// <summary>
    /// The cluster's name: silos and clients with another id are refused at the connection handshake, and the
    /// membership table keeps the rows of each cluster apart. Default <c>default</c>.
    /// </summary>
    public string ClusterId { get; set; } = "default";
}
