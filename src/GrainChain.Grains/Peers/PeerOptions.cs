namespace GrainChain.Grains.Peers;

/// <summary>How a node treats its peers: how long it waits for an answer, and how long a ban lasts.</summary>
public sealed class PeerOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "GrainChain:Peers";

    /// <summary>The longest a node waits for one answer from a peer (a tip, a page of headers, a batch of blocks).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a peer stays banned once its misbehaviour score reaches the threshold.</summary>
    public TimeSpan BanDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromMinutes(10))
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "GrainChain:Peers:RequestTimeout must be between 0 and 10 minutes");
        if (BanDuration <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(BanDuration), BanDuration, "GrainChain:Peers:BanDuration must be positive");
    }
}
