namespace GrainChain.Runtime;

/// <summary>The stable name of a grain interface (its full metadata name); travels with a grain reference.</summary>
public readonly record struct GrainInterfaceType(string Name)
{
    public override string ToString() => Name;
}
