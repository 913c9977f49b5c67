namespace GrainChain.Runtime.Streams;

/// <summary>
/// Lets a consumer drop events it has already handled: remembers the newest token seen per producer and accepts only
/// newer ones. Delivery is at-least-once and in order per producer, so "newer than the last one" is exactly "new".
/// Keeps at most <c>maxProducers</c> producers, forgetting the one heard from longest ago (a restarted silo is a new
/// producer, so old ones stop appearing). Not thread-safe: use it from the consumer's turns.
/// </summary>
public sealed class RedeliveryFilter
{
    private readonly Dictionary<Guid, (StreamSequenceToken Last, long Touched)> _producers = [];
    private readonly int _maxProducers;
    private long _clock;

    public RedeliveryFilter(int maxProducers = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxProducers, 1);
        _maxProducers = maxProducers;
    }

    /// <summary>True when the event is new (and remembers it); false for a repeat. Events without a token are always new.</summary>
    public bool Accept(StreamSequenceToken? token)
    {
        if (token is null)
        {
            return true;
        }
        long now = ++_clock;
        if (_producers.TryGetValue(token.ProducerId, out var seen))
        {
            if (!token.Newer(seen.Last))
            {
                return false;
            }
            _producers[token.ProducerId] = (token, now);
            return true;
        }
        if (_producers.Count >= _maxProducers)
        {
            Guid oldest = default;
            long oldestTouch = long.MaxValue;
            foreach (var (producer, entry) in _producers)
            {
                if (entry.Touched < oldestTouch)
                {
                    oldest = producer;
                    oldestTouch = entry.Touched;
                }
            }
            _producers.Remove(oldest);
        }
        _producers[token.ProducerId] = (token, now);
        return true;
    }

    /// <summary>How many producers are remembered.</summary>
    public int ProducerCount => _producers.Count;
}
