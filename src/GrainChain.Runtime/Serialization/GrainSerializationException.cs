namespace GrainChain.Runtime.Serialization;

/// <summary>A value could not be serialized, deserialized or copied; the message names the type and the reason.</summary>
public sealed class GrainSerializationException : Exception
{
    public GrainSerializationException(string message) : base(message) { }
    public GrainSerializationException(string message, Exception inner) : base(message, inner) { }
}
