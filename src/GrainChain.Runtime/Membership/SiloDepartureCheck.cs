namespace GrainChain.Runtime.Membership;

/// <summary>
/// Re-reads membership now (coalesced with other reads) because <paramref name="silo"/> could not be reached, and
/// answers whether the fresh view says it has left (ShuttingDown, Dead or gone), so the caller may redo on the new
/// view an operation that certainly did not run there. Never throws.
/// </summary>
internal delegate Task<bool> SiloDepartureCheck(SiloAddress silo);
