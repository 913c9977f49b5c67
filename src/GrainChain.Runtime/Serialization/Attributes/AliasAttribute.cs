namespace GrainChain.Runtime.Serialization;

/// <summary>A stable name for a type on the wire, so renaming or moving the type does not break stored or in-flight data.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface | AttributeTargets.Enum | AttributeTargets.Method, Inherited = false)]
public sealed class AliasAttribute(string alias) : Attribute
{
    public string Alias { get; } = alias;
}
