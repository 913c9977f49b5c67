using GrainChain.Abstractions.Nodes;
using GrainChain.Hosting;
using Orleans.Streams;

namespace GrainChain.Grains.Services;

/// <summary>The announcement streams, as a grain reaches them: a node's own, and the all-nodes stream of tip events.</summary>
internal static class AnnouncementStreams
{
    public static IAsyncStream<NodeAnnouncement> AnnouncementsOf(this Grain grain, string node) =>
        grain.GetStreamProvider(NodeStreams.ProviderName).GetStream<NodeAnnouncement>(NodeStreamIds.Of(node));

    public static IAsyncStream<NodeTipEvent> AllNodeTips(this Grain grain) =>
        grain.GetStreamProvider(NodeStreams.EventsProviderName)
            .GetStream<NodeTipEvent>(NodeStreamIds.AllNodes);
}
