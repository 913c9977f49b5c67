using System.Buffers;

namespace GrainChain.Runtime.Serialization;

/// <summary>The copier of last resort for hand-written codecs without one: serialize, then read back.</summary>
internal sealed class RoundTripCopier<T>(BinaryGrainSerializer serializer) : IDeepCopier<T>
{
    public T DeepCopy(T value, CopyContext context)
    {
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(value, buffer);
        return serializer.Deserialize<T>(new ReadOnlySequence<byte>(buffer.WrittenMemory));
    }
}
