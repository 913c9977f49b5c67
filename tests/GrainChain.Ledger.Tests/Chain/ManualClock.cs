namespace GrainChain.Ledger.Tests.Chain;

/// <summary>A clock the test sets by hand, for the future-time rule.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
