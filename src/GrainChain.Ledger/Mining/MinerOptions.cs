using GrainChain.Ledger.Mining.Sha256;

namespace GrainChain.Ledger.Mining;

/// <summary>Settings of <see cref="ProofOfWorkMiner"/> (bindable with IOptions in the host).</summary>
public sealed record MinerOptions
{
    /// <summary>Threads searching at once; one per core by default.</summary>
    public int WorkerCount { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Nonces tried per extra-nonce before the coinbase's extra-nonce moves on: the whole 32-bit space normally.
    /// Tests shrink it so a rollover happens in milliseconds.
    /// </summary>
    internal ulong NoncesPerExtraNonce { get; init; } = 1UL << 32;

    /// <summary>Nonces a worker claims at a time; small enough to share the range fairly, large enough to keep claims rare.</summary>
    internal uint NoncesPerClaim { get; init; } = 1 << 16;

    /// <summary>Forces a lane implementation (tests and benchmarks); null picks the fastest this machine supports.</summary>
    internal NonceSearchPath? SearchPath { get; init; }

    internal void Validate()
    {
        if (WorkerCount < 1) throw new ArgumentOutOfRangeException(nameof(WorkerCount), WorkerCount, "at least one worker is needed");
        if (NoncesPerExtraNonce is < 1 or > 1UL << 32)
            throw new ArgumentOutOfRangeException(nameof(NoncesPerExtraNonce), NoncesPerExtraNonce, "between 1 and 2^32 nonces per extra-nonce");
        if (NoncesPerClaim < 1) throw new ArgumentOutOfRangeException(nameof(NoncesPerClaim), NoncesPerClaim, "a claim holds at least one nonce");
        if (SearchPath is { } path && !NonceScanner.IsSupported(path))
            throw new PlatformNotSupportedException($"the {path} search path needs instructions this machine lacks");
    }
}
