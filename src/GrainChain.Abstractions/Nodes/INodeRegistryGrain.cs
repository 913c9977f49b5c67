using Orleans.Concurrency;
using Orleans.Metadata;

namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// The names of every node created in the cluster, in creation order (one registry per cluster, key 0). A node
/// registers itself when it is created; a client lists nodes here.
/// </summary>
[Alias("gc.node-registry"), DefaultGrainType("node-registry")]
public interface INodeRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a node's name; adding it again is a no-op.</summary>
    [Alias("register")]
    Task RegisterAsync(string node);

    /// <summary>Up to <paramref name="count"/> names from position <paramref name="from"/>, and how many there are.</summary>
    [Alias("list"), ReadOnly]
    Task<NodeList> ListAsync(int from, int count);
}

/// <summary>A page of node names and the total count.</summary>
[GenerateSerializer, Immutable, Alias("gc.node-list")]
public sealed record NodeList([property: Id(0)] IReadOnlyList<string> Names, [property: Id(1)] int Total);
