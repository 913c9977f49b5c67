namespace GrainChain.Runtime.Serialization;

/// <summary>The stable wire id of a serialized field, property or primary-constructor parameter.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class IdAttribute(uint id) : Attribute
{
    public uint Id { get; } = id;
}
