namespace GrainChain.Runtime;

/// <summary>The name of a grain class as the runtime knows it (for example "account"); half of a <see cref="GrainId"/>.</summary>
public readonly record struct GrainType(string Name)
{
    public override string ToString() => Name;
}
