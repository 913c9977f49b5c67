using System.Buffers;
using System.Text.Json;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Tests.Support;

/// <summary>
/// Stand-in IGrainSerializer (JSON) for runtime tests until the binary serializer is on main; real round trips,
/// real copies, and decode failures reported as GrainSerializationException.
/// </summary>
public sealed class JsonTestSerializer : IGrainSerializer
{
    public void Serialize<T>(T value, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output);
        JsonSerializer.Serialize(writer, value);
    }

    public T Deserialize<T>(ReadOnlySequence<byte> input)
    {
        try
        {
            var reader = new Utf8JsonReader(input);
            return JsonSerializer.Deserialize<T>(ref reader)!;
        }
        catch (JsonException exception)
        {
            throw new GrainSerializationException($"Bytes are not a {typeof(T).Name}: {exception.Message}", exception);
        }
    }

    public T DeepCopy<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Serialize(value, buffer);
        return Deserialize<T>(new ReadOnlySequence<byte>(buffer.WrittenMemory));
    }
}
