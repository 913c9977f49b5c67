namespace GrainChain.Runtime.Serialization;

/// <summary>Asks the source generator for a codec and a deep copier of this type; its members carry <see cref="IdAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class GenerateSerializerAttribute : Attribute;
