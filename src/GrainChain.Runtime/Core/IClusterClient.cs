namespace GrainChain.Runtime;

/// <summary>A client of the cluster: makes grain references and calls them from outside any grain.</summary>
public interface IClusterClient : IGrainFactory
{
    /// <summary>The services the client was built with.</summary>
    IServiceProvider ServiceProvider { get; }
}
