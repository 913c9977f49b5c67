using System.Buffers;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Tests.Serialization;

/// <summary>Round trips through the public <see cref="IGrainSerializer"/> surface (IBufferWriter in, ReadOnlySequence out).</summary>
internal static class SerializerRoundTrip
{
    public static T RoundTrip<T>(this IGrainSerializer serializer, T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(value, buffer);
        return serializer.Deserialize<T>(new ReadOnlySequence<byte>(buffer.WrittenMemory));
    }

    public static byte[] ToBytes<T>(this IGrainSerializer serializer, T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static T FromBytes<T>(this IGrainSerializer serializer, byte[] bytes) =>
        serializer.Deserialize<T>(new ReadOnlySequence<byte>(bytes));
}
