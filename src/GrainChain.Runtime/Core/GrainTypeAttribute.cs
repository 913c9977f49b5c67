namespace GrainChain.Runtime;

/// <summary>
/// Names a grain class's <see cref="GrainType"/> explicitly. Without it the name is the class name, lower case,
/// without a trailing "Grain" ("AccountGrain" becomes "account").
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
