namespace GrainChain.Abstractions.Nodes;

/// <summary>A node was created again with settings other than those it has.</summary>
[GenerateSerializer, Alias("gc.node-conflict")]
public sealed class NodeConflictException : Exception
{
    public NodeConflictException(string message) : base(message) { }
}
