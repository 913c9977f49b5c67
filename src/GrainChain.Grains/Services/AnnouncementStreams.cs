using GrainChain.Abstractions.Nodes;
using Orleans.Streams;

namespace GrainChain.Grains.Services;

/// <summary>The announcement stream of a node, as a grain reaches it.</summary>
internal static class AnnouncementStreams
{
    public static IAsyncStream<NodeAnnouncement> AnnouncementsOf(this Grain grain, string node) =>
        grain.GetStreamProvider(NodeStreams.ProviderName).GetStream<NodeAnnouncement>(StreamId.Create(NodeStreams.Namespace, node));
}
