namespace GrainChain.Ledger.Mining;

/// <summary>One claim: a run of nonces under one extra-nonce (counted in rounds from the template's own).</summary>
internal readonly record struct NonceClaim(ulong Round, ulong Offset, ulong Count);

/// <summary>
/// Cuts the search space (round, nonce) into numbered claims, in order and without gaps or overlaps. Claim 0 is a
/// short one, <see cref="FirstClaimSize"/> nonces at the start of round 0, so the caller can try it on its own thread
/// before paying for worker threads; the rest of round 0 and every later round are cut into claims of
/// <see cref="ClaimSize"/> (the last of a round shorter), so no claim straddles an extra-nonce.
/// </summary>
internal sealed class ClaimSchedule
{
    private readonly ulong _range;
    private readonly ulong _claimsPerRound;
    private readonly ulong _claimsAfterFirstInRoundZero;

    public ClaimSchedule(ulong noncesPerRound, ulong claimSize, ulong firstClaimSize)
    {
        ArgumentOutOfRangeException.ThrowIfZero(noncesPerRound);
        ArgumentOutOfRangeException.ThrowIfZero(claimSize);
        ArgumentOutOfRangeException.ThrowIfZero(firstClaimSize);
        _range = noncesPerRound;
        ClaimSize = Math.Min(claimSize, noncesPerRound);
        FirstClaimSize = Math.Min(firstClaimSize, noncesPerRound);
        _claimsPerRound = CeilingDivide(_range, ClaimSize);
        _claimsAfterFirstInRoundZero = CeilingDivide(_range - FirstClaimSize, ClaimSize);
    }

    public ulong ClaimSize { get; }

    public ulong FirstClaimSize { get; }

    public NonceClaim this[ulong claim]
    {
        get
        {
            if (claim == 0) return new NonceClaim(0, 0, FirstClaimSize);
            if (claim <= _claimsAfterFirstInRoundZero)
            {
                // Round 0 goes on where the first claim stopped.
                var offset = FirstClaimSize + (claim - 1) * ClaimSize;
                return new NonceClaim(0, offset, Math.Min(ClaimSize, _range - offset));
            }
            var later = claim - 1 - _claimsAfterFirstInRoundZero;
            var laterOffset = later % _claimsPerRound * ClaimSize;
            return new NonceClaim(1 + later / _claimsPerRound, laterOffset, Math.Min(ClaimSize, _range - laterOffset));
        }
    }

    private static ulong CeilingDivide(ulong value, ulong divisor) => value / divisor + (value % divisor == 0 ? 0UL : 1UL);
}
