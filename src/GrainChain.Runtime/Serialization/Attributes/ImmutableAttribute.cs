namespace GrainChain.Runtime.Serialization;

/// <summary>Promises that instances never change after construction, so deep copies may share them.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false)]
public sealed class ImmutableAttribute : Attribute;
