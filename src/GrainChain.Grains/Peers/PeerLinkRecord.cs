namespace GrainChain.Grains.Peers;

/// <summary>
/// A link's persisted state: the peer's misbehaviour score and ban. Written only when an offence changes them, so
/// the links of well-behaved peers cost no storage (whether a link is followed lives in the stream's subscriptions).
/// </summary>
[GenerateSerializer, Alias("gc.peer-link-record")]
public sealed class PeerLinkRecord
{
    [Id(1)] public int Score { get; set; }

    [Id(2)] public DateTimeOffset? BannedUntil { get; set; }

    [Id(3)] public string? LastOffence { get; set; }
}
