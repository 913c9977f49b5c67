using GrainChain.Abstractions.Nodes;

namespace GrainChain.Grains.Nodes;

/// <summary>
/// A node's own persisted state: its settings (also held by its chain) and the peers it follows. Everything about
/// a peer link (score, ban) is in that link's grain; everything about the chain in the chain grain.
/// </summary>
[GenerateSerializer, Alias("gc.node-state")]
public sealed class NodeState
{
    [Id(0)] public NodeSettings? Settings { get; set; }

    /// <summary>The nodes this node follows, by name, in the order they were added.</summary>
    [Id(1)] public List<string> Peers { get; set; } = [];
}
