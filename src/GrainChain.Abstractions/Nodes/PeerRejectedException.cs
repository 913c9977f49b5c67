namespace GrainChain.Abstractions.Nodes;

/// <summary>One of the peers given to <see cref="INodeGrain.AddPeersAsync"/> cannot be a peer; none of them was added.</summary>
[GenerateSerializer, Alias("gc.peer-rejected")]
public sealed class PeerRejectedException : ArgumentException
{
    public PeerRejectedException(int index, string peer, string message) : base(message)
    {
        Index = index;
        Peer = peer;
    }

    /// <summary>The rejected peer's position in the list given.</summary>
    [Id(0)] public int Index { get; }

    /// <summary>The rejected peer's name as given.</summary>
    [Id(1)] public string Peer { get; }
}
