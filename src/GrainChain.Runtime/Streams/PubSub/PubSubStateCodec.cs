using System.Buffers.Binary;
using System.Text;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Streams.PubSub;

/// <summary>
/// The stored form of a pub-sub grain's subscriptions: format byte, version, count, then per subscription its
/// 16-byte id and the consumer's grain id as length-prefixed UTF-8. Reading is bounded and names the bad field.
/// </summary>
internal static class PubSubStateCodec
{
    private const byte Format = 1;
    private const int MaxSubscriptions = 1_000_000;
    private const int MaxConsumerBytes = 4096;

    public static byte[] Encode(StreamSubscriptionSet set)
    {
        var entries = set.Span;
        int size = 1 + 8 + 4;
        var consumers = new byte[entries.Length][];
        for (int i = 0; i < entries.Length; i++)
        {
            consumers[i] = Encoding.UTF8.GetBytes(entries[i].Consumer.ToString());
            size += 16 + 4 + consumers[i].Length;
        }
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Format;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], set.Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[9..], entries.Length);
        int offset = 13;
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i].SubscriptionId.TryWriteBytes(span.Slice(offset, 16));
            offset += 16;
            BinaryPrimitives.WriteInt32LittleEndian(span[offset..], consumers[i].Length);
            offset += 4;
            consumers[i].CopyTo(span[offset..]);
            offset += consumers[i].Length;
        }
        return buffer;
    }

    public static StreamSubscriptionSet Decode(ReadOnlySpan<byte> data, string record)
    {
        if (data.Length < 13)
        {
            throw Bad(record, "header", $"needs 13 bytes, found {data.Length}");
        }
        if (data[0] != Format)
        {
            throw Bad(record, "format", $"expected {Format}, found {data[0]}");
        }
        long version = BinaryPrimitives.ReadInt64LittleEndian(data[1..]);
        if (version < 0)
        {
            throw Bad(record, "version", $"must not be negative, found {version}");
        }
        int count = BinaryPrimitives.ReadInt32LittleEndian(data[9..]);
        if (count < 0 || count > MaxSubscriptions || count > (data.Length - 13) / 20)
        {
            throw Bad(record, "count", $"{count} subscriptions cannot fit in {data.Length} bytes (limit {MaxSubscriptions})");
        }
        var entries = new StreamSubscriptionEntry[count];
        int offset = 13;
        for (int i = 0; i < count; i++)
        {
            if (data.Length - offset < 20)
            {
                throw Bad(record, $"subscription[{i}]", "is cut short");
            }
            var id = new Guid(data.Slice(offset, 16));
            offset += 16;
            int length = BinaryPrimitives.ReadInt32LittleEndian(data[offset..]);
            offset += 4;
            if (length <= 0 || length > MaxConsumerBytes || length > data.Length - offset)
            {
                throw Bad(record, $"subscription[{i}].consumer length", $"{length} is outside 1..{Math.Min(MaxConsumerBytes, data.Length - offset)}");
            }
            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(data.Slice(offset, length));
            }
            catch (DecoderFallbackException exception)
            {
                throw new GrainSerializationException($"Pub-sub record {record}: field subscription[{i}].consumer is not valid UTF-8.", exception);
            }
            offset += length;
            if (!GrainId.TryParse(text, out var consumer))
            {
                throw Bad(record, $"subscription[{i}].consumer", $"'{text}' is not a grain id");
            }
            entries[i] = new StreamSubscriptionEntry(id, consumer);
        }
        if (offset != data.Length)
        {
            throw Bad(record, "trailer", $"{data.Length - offset} unexpected bytes after the last subscription");
        }
        return new StreamSubscriptionSet(version, entries);
    }

    private static GrainSerializationException Bad(string record, string field, string problem) =>
        new($"Pub-sub record {record}: field {field} {problem}.");
}
