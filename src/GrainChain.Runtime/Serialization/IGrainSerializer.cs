using System.Buffers;

namespace GrainChain.Runtime.Serialization;

/// <summary>The binary serializer for grain call arguments, results and state.</summary>
public interface IGrainSerializer
{
    void Serialize<T>(T value, IBufferWriter<byte> output);

    /// <summary>Reads a value written by <see cref="Serialize{T}"/>; bad bytes throw <see cref="GrainSerializationException"/>.</summary>
    T Deserialize<T>(ReadOnlySequence<byte> input);

    /// <summary>An independent copy, so caller and grain never share mutable objects; immutable values are returned as they are.</summary>
    T DeepCopy<T>(T value);
}
