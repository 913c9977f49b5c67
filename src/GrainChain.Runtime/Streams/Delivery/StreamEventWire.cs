using System.Collections.Concurrent;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Streams.Delivery;

/// <summary>
/// A run of stream events on the wire: a count, then per event a region with its token (producer, sequence number,
/// index) and the item as an object (so its runtime type is named, and only types registered for serialization can
/// be). The reader rebuilds each event as a <see cref="StreamEvent{T}"/> of the item's runtime type: a consumer on
/// another silo gets the item by exact type or by assignment, as it would on the producer's silo.
/// </summary>
internal static class StreamEventWire
{
    // One entry per item type the serializer let the data name, and the serializer bounds that set.
    private static readonly ConcurrentDictionary<Type, EventFactory> Factories = new();

    public static void WriteRun(GrainWriter writer, StreamEvent[] events, int offset, int count)
    {
        writer.WriteVarUInt32((uint)count);
        for (int i = offset; i < offset + count; i++)
        {
            var streamEvent = events[i];
            var start = writer.BeginRegion();
            WriteToken(writer, streamEvent.Token);
            streamEvent.WriteItem(writer);
            writer.EndRegion(start);
        }
    }

    public static StreamEvent[] ReadRun(ref GrainReader reader)
    {
        // Every event takes at least a region prefix, a token (16 + 1 + 1 bytes) and a null marker.
        int count = reader.ReadCollectionCount("Stream event run", minBytesPerElement: 20);
        var events = new StreamEvent[count];
        var codec = reader.Codecs.GetCodec<object>();
        for (int i = 0; i < count; i++)
        {
            var outer = reader.EnterRequiredRegion("stream event");
            var token = ReadToken(ref reader);
            var item = codec.Read(ref reader);
            events[i] = item is null ? new NullStreamEvent(token) : FactoryFor(item.GetType()).Create(item, token);
            reader.ExitRegion(outer);
        }
        return events;
    }

    private static void WriteToken(GrainWriter writer, StreamSequenceToken token)
    {
        Span<byte> producer = stackalloc byte[16];
        token.ProducerId.TryWriteBytes(producer);
        writer.WriteBytes(producer);
        writer.WriteVarInt64(token.SequenceNumber);
        writer.WriteVarInt32(token.EventIndex);
    }

    private static StreamSequenceToken ReadToken(ref GrainReader reader)
    {
        var producer = new Guid(reader.ReadBytes(16));
        long sequence = reader.ReadVarInt64();
        int index = reader.ReadVarInt32();
        return new StreamSequenceToken(producer, sequence, index);
    }

    private static EventFactory FactoryFor(Type itemType) =>
        Factories.TryGetValue(itemType, out var factory)
            ? factory
            : Factories.GetOrAdd(itemType, static type => (EventFactory)Activator.CreateInstance(typeof(EventFactory<>).MakeGenericType(type))!);

    /// <summary>Makes the event of an item whose type is known only at run time.</summary>
    private abstract class EventFactory
    {
        public abstract StreamEvent Create(object item, StreamSequenceToken token);
    }

    private sealed class EventFactory<T> : EventFactory
    {
        public override StreamEvent Create(object item, StreamSequenceToken token) => new StreamEvent<T>((T)item, token);
    }
}
