using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Streams.PubSub;

/// <summary>One explicit subscription: its id and the grain (or client endpoint) that consumes it.</summary>
[GenerateSerializer]
public readonly record struct StreamSubscriptionEntry([property: Id(0)] Guid SubscriptionId, [property: Id(1)] GrainId Consumer);

/// <summary>
/// The explicit subscriptions of one stream at one version of its pub-sub grain. Versions only grow, so a holder of
/// an older set can tell that a newer one replaces it. It crosses silos when the pub-sub grain answers a producing
/// agent or pushes a change to the agents of other silos.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed class StreamSubscriptionSet
{
    public static readonly StreamSubscriptionSet Empty = new(0, []);

    private readonly StreamSubscriptionEntry[] _entries;

    public StreamSubscriptionSet(long version, StreamSubscriptionEntry[] subscriptions)
    {
        Version = version;
        _entries = subscriptions ?? throw new ArgumentNullException(nameof(subscriptions));
    }

    [Id(0)]
    public long Version { get; }

    public IReadOnlyList<StreamSubscriptionEntry> Entries => _entries;

    /// <summary>The entries as the wire carries them (the constructor's argument, never modified).</summary>
    [Id(1)]
    internal StreamSubscriptionEntry[] Subscriptions => _entries;

    internal ReadOnlySpan<StreamSubscriptionEntry> Span => _entries;
}
