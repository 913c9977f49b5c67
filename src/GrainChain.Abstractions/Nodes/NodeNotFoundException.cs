namespace GrainChain.Abstractions.Nodes;

/// <summary>A call named a node that was never created.</summary>
[GenerateSerializer, Alias("gc.node-not-found")]
public sealed class NodeNotFoundException : Exception
{
    public NodeNotFoundException(string node) : base($"there is no node named '{node}': create it first") => Node = node;

    [Id(0)] public string Node { get; }
}
