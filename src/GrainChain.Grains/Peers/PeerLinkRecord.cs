namespace GrainChain.Grains.Peers;

/// <summary>A link's persisted state: whether the node follows the peer, the peer's misbehaviour score, and its ban.</summary>
[GenerateSerializer, Alias("gc.peer-link-record")]
public sealed class PeerLinkRecord
{
    [Id(0)] public bool Following { get; set; }

    [Id(1)] public int Score { get; set; }

    [Id(2)] public DateTimeOffset? BannedUntil { get; set; }

    [Id(3)] public string? LastOffence { get; set; }
}
