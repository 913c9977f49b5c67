namespace GrainChain.Abstractions.Nodes;

/// <summary>Where nodes announce: the stream provider's name and the namespace of every node's stream (keyed by node name).</summary>
public static class NodeStreams
{
    public const string ProviderName = "announcements";
    public const string Namespace = "gc.node";
}
