using GrainChain.Ledger.Consensus;

namespace GrainChain.Grains.Services;

/// <summary>The chain profiles a node may be created with, by name.</summary>
public static class ChainProfiles
{
    private static readonly ChainParams[] All = [ChainParams.Main, ChainParams.Test];

    public static IEnumerable<string> Names => All.Select(p => p.Name);

    public static ChainParams? Find(string? name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
