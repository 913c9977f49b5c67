namespace GrainChain.Runtime.Streams;

/// <summary>
/// Where an event sits in its producer's sequence. Tokens of one producer are ordered; a consumer that remembers the
/// highest sequence number it has seen per <see cref="ProducerId"/> can drop redelivered events (delivery is at-least-once).
/// </summary>
public sealed class StreamSequenceToken : IEquatable<StreamSequenceToken>, IComparable<StreamSequenceToken>
{
    public StreamSequenceToken(Guid producerId, long sequenceNumber, int eventIndex = 0)
    {
        ProducerId = producerId;
        SequenceNumber = sequenceNumber;
        EventIndex = eventIndex;
    }

    /// <summary>The producer that numbered the event; sequence numbers of different producers are unrelated.</summary>
    public Guid ProducerId { get; }

    /// <summary>Counts up from 1 for each event of the producer on this stream.</summary>
    public long SequenceNumber { get; }

    /// <summary>The position inside a batch that shares one sequence number (0 for single events).</summary>
    public int EventIndex { get; }

    /// <summary>True when this token comes after <paramref name="other"/> of the same producer.</summary>
    public bool Newer(StreamSequenceToken other) => CompareTo(other) > 0;

    public bool Older(StreamSequenceToken other) => CompareTo(other) < 0;

    /// <summary>Orders tokens of one producer; comparing tokens of different producers is a mistake and throws.</summary>
    public int CompareTo(StreamSequenceToken? other)
    {
        if (other is null)
        {
            return 1;
        }
        if (other.ProducerId != ProducerId)
        {
            throw new ArgumentException($"Tokens of producers {ProducerId} and {other.ProducerId} cannot be ordered against each other.", nameof(other));
        }
        int bySequence = SequenceNumber.CompareTo(other.SequenceNumber);
        return bySequence != 0 ? bySequence : EventIndex.CompareTo(other.EventIndex);
    }

    public bool Equals(StreamSequenceToken? other) =>
        other is not null && other.ProducerId == ProducerId && other.SequenceNumber == SequenceNumber && other.EventIndex == EventIndex;

    public override bool Equals(object? obj) => Equals(obj as StreamSequenceToken);

    public override int GetHashCode() => HashCode.Combine(ProducerId, SequenceNumber, EventIndex);

    public override string ToString() => $"{ProducerId:N}#{SequenceNumber}.{EventIndex}";
}
