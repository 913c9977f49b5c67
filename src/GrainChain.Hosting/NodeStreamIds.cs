using GrainChain.Abstractions.Nodes;
using Orleans.Runtime;

namespace GrainChain.Hosting;

/// <summary>The ids of GrainChain's streams (<see cref="NodeStreams"/>), for grains and cluster clients alike.</summary>
public static class NodeStreamIds
{
    /// <summary>A node's own stream of <see cref="NodeAnnouncement"/>s, on the <see cref="NodeStreams.ProviderName"/> provider.</summary>
    public static StreamId Of(string node) => StreamId.Create(NodeStreams.Namespace, node);

    /// <summary>The one stream of every node's <see cref="NodeTipEvent"/>s, on the <see cref="NodeStreams.EventsProviderName"/> provider.</summary>
    public static StreamId AllNodes { get; } = StreamId.Create(NodeStreams.AllNodesNamespace, NodeStreams.AllNodesKey);
}
