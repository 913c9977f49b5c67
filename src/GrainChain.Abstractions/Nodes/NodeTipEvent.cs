using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// A node's best chain moved: its new tip, with what a watcher wants to show of it (the tip block's transaction
/// count, how many blocks joined and left the best chain). Published on the all-nodes stream
/// (<see cref="NodeStreams.AllNodesNamespace"/>) beside the node's own <see cref="NodeAnnouncement"/>, once per accepted tip.
/// Transactions are not published there: gossip makes every node accept every transaction, so at N nodes each one
/// would be N events on one stream; one node's stream already carries them all.
/// </summary>
[GenerateSerializer, Immutable, Alias("gc.tip-event")]
public sealed record NodeTipEvent(
    [property: Id(0)] string Node,
    [property: Id(1)] Hash256 TipHash,
    [property: Id(2)] long Height,
    [property: Id(3)] string CumulativeWork,
    [property: Id(4)] int Transactions,
    [property: Id(5)] int Connected,
    [property: Id(6)] int Disconnected);
