namespace GrainChain.Hosting;

/// <summary>The GrainChain settings cannot be used; the message names each setting at fault.</summary>
public sealed class GrainChainConfigurationException(IReadOnlyList<string> problems)
    : Exception("invalid GrainChain configuration: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
