namespace GrainChain.Runtime.Messaging;

/// <summary>The wait before reconnecting after failed connects: doubling from an initial wait up to a maximum.</summary>
internal static class ReconnectBackoff
{
    /// <summary>The wait after <paramref name="failures"/> failed attempts in a row (1 or more).</summary>
    public static TimeSpan After(int failures, TimeSpan initial, TimeSpan max)
    {
        // Capped shift: past 2^30 times the initial wait every sensible maximum has long been reached.
        int exponent = Math.Clamp(failures - 1, 0, 30);
        long ticks = initial.Ticks > max.Ticks >> exponent ? max.Ticks : initial.Ticks << exponent;
        return TimeSpan.FromTicks(Math.Min(ticks, max.Ticks));
    }
}
