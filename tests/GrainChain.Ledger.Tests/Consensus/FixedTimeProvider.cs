namespace GrainChain.Ledger.Tests.Consensus;

/// <summary>A clock that always reads the instant it was given, so time rules are tested without the real clock.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public static FixedTimeProvider AtUnixSeconds(long seconds) => new(DateTimeOffset.FromUnixTimeSeconds(seconds));
}
