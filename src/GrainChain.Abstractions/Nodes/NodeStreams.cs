namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// Where nodes announce: the stream provider's name, the namespace of every node's own stream (keyed by node name,
/// carrying <see cref="NodeAnnouncement"/>s for its peers), and the one cluster-wide stream every node's new tips are
/// also published on (carrying <see cref="NodeTipEvent"/>s, for watchers of the whole cluster).
/// </summary>
public static class NodeStreams
{
    public const string ProviderName = "announcements";
    public const string Namespace = "gc.node";

    /// <summary>
    /// The provider of the all-nodes stream: a provider of its own, so that watchers' events (one per tip move of
    /// every node) never wait in the queues that carry gossip between nodes.
    /// </summary>
    public const string EventsProviderName = "events";

    /// <summary>The namespace of the all-nodes stream; it has one stream, keyed <see cref="AllNodesKey"/>.</summary>
    public const string AllNodesNamespace = "gc.nodes";

    /// <summary>The key of the all-nodes stream.</summary>
    public const string AllNodesKey = "all";
}
