using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Streams.PubSub;

/// <summary>One explicit subscription: its id and the grain (or client endpoint) that consumes it.</summary>
public readonly record struct StreamSubscriptionEntry(Guid SubscriptionId, GrainId Consumer);

/// <summary>
/// The explicit subscriptions of one stream at one version of its pub-sub grain. Versions only grow, so a holder of
/// an older set can tell that a newer one replaces it.
/// </summary>
[Immutable]
public sealed class StreamSubscriptionSet
{
    public static readonly StreamSubscriptionSet Empty = new(0, []);

    private readonly StreamSubscriptionEntry[] _entries;

    public StreamSubscriptionSet(long version, StreamSubscriptionEntry[] entries)
    {
        Version = version;
        _entries = entries ?? throw new ArgumentNullException(nameof(entries));
    }

    public long Version { get; }

    public IReadOnlyList<StreamSubscriptionEntry> Entries => _entries;

    internal ReadOnlySpan<StreamSubscriptionEntry> Span => _entries;
}
