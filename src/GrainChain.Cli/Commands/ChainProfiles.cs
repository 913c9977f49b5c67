using GrainChain.Ledger.Consensus;

namespace GrainChain.Cli.Commands;

/// <summary>The chain profiles a user may name on the command line.</summary>
internal static class ChainProfiles
{
    private static readonly ChainParams[] All = [ChainParams.Main, ChainParams.Test, ChainParams.BitcoinMain];

    public static IEnumerable<string> Names => All.Select(p => p.Name);

    public static ChainParams? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
