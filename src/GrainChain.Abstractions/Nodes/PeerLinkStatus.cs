namespace GrainChain.Abstractions.Nodes;

/// <summary>What a node knows of one peer: its last announcement, the misbehaviour score, the ban's end if banned, requests in flight.</summary>
[GenerateSerializer, Immutable, Alias("gc.peer-link")]
public sealed record PeerLinkStatus(
    [property: Id(0)] string Node,
    [property: Id(1)] string Peer,
    [property: Id(2)] bool Following,
    [property: Id(3)] NodeAnnouncement? LastAnnouncement,
    [property: Id(4)] int Score,
    [property: Id(5)] DateTimeOffset? BannedUntil,
    [property: Id(6)] int RequestsInFlight)
{
    /// <summary>The last offence recorded against the peer, for operators.</summary>
    [Id(7)] public string? LastOffence { get; init; }

    public bool IsBanned(DateTimeOffset now) => BannedUntil is { } until && until > now;
}
