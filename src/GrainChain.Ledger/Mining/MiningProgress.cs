namespace GrainChain.Ledger.Mining;

/// <summary>Reported when the search moves to a new extra-nonce: which one, and how many nonces were tried before it.</summary>
public readonly record struct MiningProgress(ulong ExtraNonce, ulong NoncesTried);
