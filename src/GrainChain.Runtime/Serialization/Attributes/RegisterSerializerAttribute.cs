namespace GrainChain.Runtime.Serialization;

/// <summary>
/// Marks a hand-written <see cref="IFieldCodec{T}"/> so compile-time checks know its value type can cross a grain call;
/// the codec itself is registered at run time through <see cref="SerializerOptions"/> or DI.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RegisterSerializerAttribute : Attribute;
