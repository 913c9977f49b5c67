using GrainChain.Ledger.Consensus;

namespace GrainChain.Abstractions.Serialization;

/// <summary>Ceilings on ledger values decoded from the wire: what the most generous chain profile allows.</summary>
/// <remarks>
/// A grain call does not say which chain its block belongs to, so the wire admits what any known profile admits and
/// chain validation then applies the exact limits of the chain in use. Derived from the profiles rather than copied,
/// so raising a profile's limit raises the wire's with it; a new profile must be added to the list below.
/// </remarks>
public static class WireLimits
{
    // Declared first: static initialisers run in textual order and the limits below read it.
    private static readonly ChainParams[] Profiles = [ChainParams.Main, ChainParams.Test, ChainParams.BitcoinMain];

    /// <summary>The largest encoded block accepted; larger ones are refused before decoding.</summary>
    public static int MaxBlockBytes { get; } = Profiles.Max(p => p.MaxBlockBytes);

    /// <summary>The most transactions (coinbase included) a block on the wire may declare.</summary>
    public static int MaxBlockTransactions { get; } = Profiles.Max(p => p.MaxBlockTransactions);
}
