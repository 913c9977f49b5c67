using Orleans.Concurrency;
using Orleans.Metadata;

namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// One directed link, keyed <c>"{node}-&gt;{peer}"</c> (<see cref="NodeNames.LinkKey"/>): the node follows the peer's
/// announcements through it, and it keeps what the node knows of the peer — its last announced tip, requests in
/// flight, its misbehaviour score and ban.
/// </summary>
[Alias("gc.peer"), DefaultGrainType("peer")]
public interface IPeerGrain : IGrainWithStringKey
{
    /// <summary>Subscribes to the peer's announcements (resumed on every activation until <see cref="StopAsync"/>).</summary>
    [Alias("start")]
    Task StartAsync();

    /// <summary>Unsubscribes and forgets the link's score (a ban stays until it ends).</summary>
    [Alias("stop")]
    Task StopAsync();

    /// <summary>
    /// Catches up with the peer as a link starts (announcements only carry what is new): asks for its tip and follows
    /// it if it has more work, then pulls its pending transactions the node lacks.
    /// </summary>
    [Alias("catch-up"), OneWay]
    Task CatchUpAsync();

    [Alias("status"), AlwaysInterleave]
    Task<PeerLinkStatus> GetStatusAsync();

    /// <summary>Adds an offence to the peer's score; returns the status after it (banned once the score reaches the threshold).</summary>
    [Alias("report")]
    Task<PeerLinkStatus> ReportAsync(PeerOffence offence, string detail);
}
