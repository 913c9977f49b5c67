using System.Collections.Concurrent;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Streams.Delivery;

/// <summary>
/// A run of stream events on the wire: a count, then per event its token (producer, sequence number, index), the
/// type the producer published it as (a type id, so only types registered for serialization can be named) and the
/// item through that type's codec. The reader rebuilds each event as a <see cref="StreamEvent{T}"/> of that type, so
/// a consumer on another silo sees exactly what a consumer on the producer's silo sees.
/// </summary>
internal static class StreamEventWire
{
    // Bounded by the serializer's own limit on the types data may name (TypeCatalog), so bytes cannot grow it freely.
    private static readonly ConcurrentDictionary<Type, ItemReader> Readers = new();

    public static void WriteRun(GrainWriter writer, StreamEvent[] events, int offset, int count)
    {
        var types = TypesOf(writer.Codecs);
        writer.WriteVarUInt32((uint)count);
        for (int i = offset; i < offset + count; i++)
        {
            var streamEvent = events[i];
            var start = writer.BeginRegion();
            WriteToken(writer, streamEvent.Token);
            types.WriteTypeId(writer, streamEvent.ItemType);
            streamEvent.WriteItem(writer);
            writer.EndRegion(start);
        }
    }

    public static StreamEvent[] ReadRun(ref GrainReader reader)
    {
        var types = TypesOf(reader.Codecs);
        // Every event is at least a region prefix, a token (16 + 1 + 1 bytes) and a one-byte type id.
        int count = reader.ReadCollectionCount("Stream event run", minBytesPerElement: 20);
        var events = new StreamEvent[count];
        for (int i = 0; i < count; i++)
        {
            var outer = reader.EnterRequiredRegion("stream event");
            var token = ReadToken(ref reader);
            var itemType = types.ReadTypeId(ref reader);
            events[i] = ReaderFor(itemType).Read(ref reader, token);
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

    private static TypeCatalog TypesOf(ICodecProvider codecs) =>
        (codecs as CodecRegistry)?.Types
        ?? throw new GrainSerializationException("Stream events cross silos only through the runtime's own serializer.");

    private static ItemReader ReaderFor(Type itemType)
    {
        if (Readers.TryGetValue(itemType, out var reader))
        {
            return reader;
        }
        if (itemType.IsByRefLike || itemType.IsPointer || itemType.ContainsGenericParameters)
        {
            throw new GrainSerializationException($"A stream event cannot carry a {TypeDisplay.Of(itemType)}.");
        }
        return Readers.GetOrAdd(itemType, static type => (ItemReader)Activator.CreateInstance(typeof(ItemReader<>).MakeGenericType(type))!);
    }

    /// <summary>Reads an item of one type and makes the event, without knowing that type statically.</summary>
    private abstract class ItemReader
    {
        public abstract StreamEvent Read(ref GrainReader reader, StreamSequenceToken token);
    }

    private sealed class ItemReader<T> : ItemReader
    {
        public override StreamEvent Read(ref GrainReader reader, StreamSequenceToken token) =>
            new StreamEvent<T>(reader.Codecs.GetCodec<T>().Read(ref reader), token);
    }
}
