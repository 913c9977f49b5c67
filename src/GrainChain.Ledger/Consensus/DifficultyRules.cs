using System.Numerics;
using GrainChain.Ledger.Blocks;

namespace GrainChain.Ledger.Consensus;

/// <summary>Which bits a header must carry and which times it may have: Bitcoin's retarget and time rules.</summary>
public static class DifficultyRules
{
    /// <summary>
    /// The bits required of the block at <paramref name="height"/>, given its parent and a way to read ancestors
    /// on the same branch (<paramref name="ancestorAt"/> returns the header at a lower height).
    /// </summary>
    public static uint RequiredBits(ChainParams chain, long height, in BlockHeader parent, Func<long, BlockHeader> ancestorAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (chain.NoRetargeting || height % chain.RetargetInterval != 0) return parent.Bits;

        // Bitcoin measures the interval from its first block to its last, one block short of a full
        // interval; the quirk is consensus, so it is kept.
        var first = ancestorAt(height - chain.RetargetInterval);
        return Retarget(chain, parent.Bits, first.Time, parent.Time);
    }

    /// <summary>
    /// The new bits after an interval that began at <paramref name="firstTime"/> and ended at <paramref name="lastTime"/>:
    /// the old target scaled by actual / expected timespan (actual clamped to [T / factor, T * factor], integer
    /// division as in Bitcoin), capped at the proof-of-work limit, truncated to compact form.
    /// </summary>
    /// <remarks>
    /// Bitcoin multiplies in 256-bit arithmetic, which could wrap for a limit near 2^256; with its own limit the product
    /// stays below 2^247, so the unbounded arithmetic here gives identical bits there and sane bits on easy test chains.
    /// </remarks>
    public static uint Retarget(ChainParams chain, uint previousBits, uint firstTime, uint lastTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chain.RetargetClampFactor, 1);
        var expected = chain.TargetTimespanSeconds;
        var actual = (long)lastTime - firstTime;
        actual = Math.Clamp(actual, expected / chain.RetargetClampFactor, expected * chain.RetargetClampFactor);

        if (!ProofOfWork.TryDecodeTarget(chain.PowLimitBits, out var limit))
            throw new ArgumentException($"the chain's pow limit 0x{chain.PowLimitBits:x8} is not a valid target", nameof(chain));
        if (!ProofOfWork.TryDecodeTarget(previousBits, out var target))
            throw new ArgumentException($"bits 0x{previousBits:x8} is not a valid target", nameof(previousBits));
        var next = target * actual / expected;
        if (next > limit) next = limit;
        return ProofOfWork.EncodeCompact(next);
    }

    /// <summary>
    /// The median of up to <see cref="ChainParams.MedianTimeSpan"/> times ending at the parent (fewer near genesis;
    /// for an even count the upper middle, as Bitcoin picks). A new header's time must be strictly greater.
    /// </summary>
    public static uint MedianTimePast(ChainParams chain, long parentHeight, Func<long, BlockHeader> ancestorAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parentHeight);
        ArgumentOutOfRangeException.ThrowIfLessThan(chain.MedianTimeSpan, 1);
        var count = (int)Math.Min(chain.MedianTimeSpan, parentHeight + 1);
        Span<uint> times = stackalloc uint[count];
        for (var i = 0; i < count; i++) times[i] = ancestorAt(parentHeight - i).Time;
        times.Sort();
        return times[count / 2];
    }

    /// <summary>The latest time a header may carry when the validating node's clock reads <paramref name="now"/>.</summary>
    public static long MaxAllowedTime(ChainParams chain, DateTimeOffset now) =>
        now.ToUnixTimeSeconds() + chain.MaxFutureDriftSeconds;

    internal static BigInteger TargetOf(uint bits) =>
        ProofOfWork.TryDecodeTarget(bits, out var target) ? target : BigInteger.Zero;
}
